"""The speed layer: everything that makes a build fast and nothing that decides what it writes.

- store.py: the persistent disk cache (.cache/) and the fingerprints that key it;
- memo.py: files already read and checks already passed, reused while unchanged;
- preview.py: what the live preview keeps between rebuilds;
- layer.py: the one object the pipeline asks (is the output current? write only what changed…).

The stages (loader, validate, model, render, output…) never import it: the pipeline hands them what they
need. A build without this layer's help writes the very same bytes, only slower.
"""

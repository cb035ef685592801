"""The speed layer: everything that makes a build fast and nothing that decides what it writes.

- store.py: the persistent disk cache (.cache/) and the fingerprints that key it;
- memo.py: Memo, the one mechanism for work not done twice (files read, checks passed, communes built,
  Markdown, pages, share images, photos): in the preview's memory, in the store, or both;
- markdown.py, cards.py: texts rendered and share images drawn once (through a Memo each);
- workers.py: processes forked for a cold build, which render pages and draw share images;
- preview.py: what the live preview keeps between rebuilds;
- layer.py: the one object the pipeline asks (is the output current? write only what changed…).

The stages (loader, validate, model, render, output…) never import it: the pipeline hands them what they
need. A build without this layer's help writes the very same bytes, only slower.
"""

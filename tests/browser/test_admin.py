"""The browser editor at /admin/, offline, on a phone-sized screen, in French: a commune clerk opens a real
commune, changes its contact, adds a project and a photo, reports a step, writes the English text, saves;
the saved files pass `check` and build into the expected pages. Every request outside 127.0.0.1 is blocked
and recorded: the test fails on any.

The editor runs on its test backend (`test-repo`, the default without a forge), which keeps files in the
browser's origin-private file system: the test seeds it with the commune's real files and reads them back.
Screenshots for the staff guide (CONTRIBUTING.md) land in test-artifacts/screenshots/admin-*.png.
"""

from __future__ import annotations

import io
import re
import shutil

import yaml
from PIL import Image
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

import build
from vitrine import pipeline

from ..conftest import REAL_AS_OF, epoch_of
from .conftest import ARTIFACTS

PHONE = {"width": 390, "height": 844}
OPFS_ROOT = "sveltia-cms-test"  # the test backend's folder in the origin-private file system

SEED = """async ([top, files]) => {
  const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(top, {create: true});
  for (const [path, text] of Object.entries(files)) {
    const parts = path.split('/');
    let dir = root;
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, {create: true});
    const writer = await (await dir.getFileHandle(parts.at(-1), {create: true})).createWritable();
    await writer.write(text);
    await writer.close();
  }
}"""
READ = """async ([top, path]) => {
  let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(top);
  const parts = path.split('/');
  for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
  const file = await (await dir.getFileHandle(parts.at(-1))).getFile();
  return Array.from(new Uint8Array(await file.arrayBuffer()));
}"""


def png(width: int, height: int) -> bytes:
    """A small valid PNG, as a phone photo stands in for."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def fields(scope, label: str):
    """The fields of the form with this label (the editor names each field's group « Champ « label » »)."""
    return scope.get_by_role("group", name=re.compile(f"Champ « \u2068?{re.escape(label)}\u2069? »"))


def field(scope, label: str):
    """The first field of the form with this label."""
    return fields(scope, label).first


def scroll_to(page: Page, locator) -> None:
    """The form draws its fields as they come into view: scroll until this one is there."""
    page.mouse.move(PHONE["width"] // 2, PHONE["height"] // 2)
    for _ in range(80):
        if locator.count():
            break
        page.mouse.wheel(0, 500)
        page.wait_for_timeout(80)
    locator.first.scroll_into_view_if_needed()


def stored(page: Page, path: str) -> bytes:
    """A file as the test backend keeps it."""
    return bytes(page.evaluate(READ, [OPFS_ROOT, path]))


def save(page: Page, path: str) -> None:
    """Save, and wait until the editor has written this file."""
    before = stored(page, path)
    for attempt in range(150):
        if attempt % 50 == 0:  # a click while the form still re-renders (a dialog closing) may be lost
            page.get_by_role("button", name="Enregistrer").first.click()
        page.wait_for_timeout(100)
        try:
            if stored(page, path) != before:
                return
        except PlaywrightError:  # being written at this very moment
            continue
    page.screenshot(path=str(ARTIFACTS / "screenshots" / "admin-not-saved.png"))
    raise AssertionError(f"the editor did not write {path}: see admin-not-saved.png")


def choose_first_option(page: Page, combobox) -> None:
    """Pick a list's first option. The form may re-render the group just added and drop the focus
    (seen once in CI): ask again until the list is open."""
    option = page.get_by_role("option").first
    for _ in range(20):
        combobox.focus()
        page.keyboard.press("ArrowDown")  # opens the list
        try:
            option.wait_for(timeout=1_000)
            break
        except PlaywrightError:
            continue
    option.dispatch_event("click")


def open_entry(page: Page, collection: str, file: str) -> None:
    """Open a file of a collection by its address in the editor."""
    page.goto(page.url.split("#")[0] + f"#/collections/{collection}/entries/{file}")
    expect(page.get_by_role("button", name="Enregistrer").first).to_be_visible()


def test_clerk_edits_a_real_commune_on_a_phone_offline(
    browser, sites, tmp_path, screenshots_dir, monkeypatch
):
    site = sites["real"]
    config = yaml.safe_load((site.root / "admin" / "config.yml").read_text("utf-8"))
    labels = {c["name"]: c["label"] for c in config["collections"]}
    slug = sorted(p.name for p in (site.content / "communes").iterdir())[0]
    folder = site.content / "communes" / slug
    profile = yaml.safe_load((folder / "profile.yaml").read_text("utf-8"))
    progress = yaml.safe_load((folder / "progress.yaml").read_text("utf-8"))
    seeded = {
        f"content/communes/{slug}/{path.name}": path.read_text("utf-8")
        for path in sorted(folder.iterdir())
        if path.suffix in (".yaml", ".md")
    }
    context = browser.new_context(viewport=PHONE, locale="fr-FR", device_scale_factor=1)
    outside, fonts = [], []

    def only_local(route):
        url = route.request.url
        if url.startswith(site.url):
            if url.endswith(".woff2"):
                fonts.append(url)
            return route.continue_()
        outside.append(url)
        return route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    shot = lambda name: page.screenshot(path=str(screenshots_dir / f"admin-{name}.png"))  # noqa: E731
    try:
        page.goto(site.url + "admin/")
        page.evaluate(SEED, [OPFS_ROOT, seeded])
        expect(page.get_by_role("button", name=re.compile("dépôt de test"))).to_be_visible(timeout=20_000)
        shot("1-entree")
        page.get_by_role("button", name=re.compile("dépôt de test")).click()

        # French interface, collections listed, icons drawn by the icon font from our own files.
        for label in labels.values():
            expect(page.get_by_text(label, exact=True).first).to_be_visible()
        assert page.evaluate("document.fonts.check('24px \"Material Symbols Outlined\"')")
        icon = page.locator(".material-symbols-outlined:visible").first  # the first may be hidden yet
        expect(icon).to_be_visible()
        box = icon.bounding_box()
        for _ in range(50):  # the editor re-renders while it loads: the icon found may be gone, ask again
            if box:
                break
            page.wait_for_timeout(100)
            box = icon.bounding_box()
        assert box and box["width"] < 40, "an icon shows as a word: its font did not load"
        assert site.url + "admin/fonts/material-symbols-outlined.woff2" in fonts
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        shot("2-collections")

        # Contact, a project, a photo.
        page.get_by_role("treeitem", name=labels["profiles"]).click()
        expect(page.get_by_role("row", name=profile["name"]).first).to_be_visible()
        open_entry(page, "profiles", slug)
        expect(page.get_by_role("textbox", name="Nom de la commune")).to_have_value(profile["name"])
        contact = field(page, "Contact")
        scroll_to(page, contact)
        email = f"mairie.{slug}@example.org"
        page.get_by_role("textbox", name="Courriel").fill(email)
        phone = page.get_by_role("textbox", name="Téléphone")
        phone.fill("90 12")  # a mistake first: the form says what to write
        page.get_by_role("button", name="Enregistrer").first.click()
        expect(page.get_by_text("+228 90 12 34 56").first).to_be_visible()
        shot("8-erreur")
        phone.fill("+228 90 12 34 56")
        contact.scroll_into_view_if_needed()
        shot("3-contact")

        projects = field(page, "Projets")
        scroll_to(page, projects)
        projects.get_by_role("button", name=re.compile("Ajouter.*Projets")).last.click()
        project = projects.get_by_role("group").filter(has=page.get_by_role("button", name="Supprimer")).last
        title = "Adduction d’eau du marché central"
        field(field(project, "Titre"), "Français").get_by_role("textbox").fill(title)
        field(field(project, "Résumé"), "Français").get_by_role("textbox").fill("Un forage et deux bornes.")
        theme = field(project, "Thème")
        choose_first_option(page, theme.get_by_role("combobox"))
        field(project, "État").get_by_role("radio").nth(1).click()
        shot("4-projet")

        photos = field(page, "Photos")
        scroll_to(page, photos)
        # The new photo's fields are the last of their kind: the items themselves nest groups, and the
        # form re-renders while a photo is added, so the item is not pinned by its position.
        pictures = fields(photos, "Photo")
        before = pictures.count()
        for _ in range(3):  # a click while the form re-renders may be lost; a slow one must not count twice
            if pictures.count() != before:
                break
            photos.get_by_role("button", name=re.compile("Ajouter.*Photos")).last.click()
            try:
                expect(pictures).not_to_have_count(before, timeout=20_000)
                break
            except AssertionError:
                continue
        expect(pictures).to_have_count(before + 1)  # one photo added, not an empty second one
        picture = tmp_path / "IMG_2034.png"
        picture.write_bytes(png(64, 48))
        pictures.last.get_by_role("button", name="Parcourir").click()
        library = page.get_by_role("dialog")
        with page.expect_file_chooser() as chooser:
            library.get_by_role("button", name="Téléverser").click()
        chooser.value.set_files(str(picture))
        insert = library.get_by_role("button", name="Insérer")
        # The library closes by itself, or offers « Insérer » once the photo is sent.
        for attempt in range(150):
            if not library.count():
                break
            if attempt % 10 == 0 and insert.count() and insert.is_enabled():
                insert.click()  # again a second later if it was lost while the library re-rendered
            page.wait_for_timeout(100)
        expect(library).to_have_count(0)
        # The form draws the fields below the photo only once they are scrolled into view.
        description = field(fields(photos, "Description de l’image (texte alternatif)").last, "Français")
        scroll_to(page, description)
        description.get_by_role("textbox").fill("Le marché central un jour de foire")
        credit = fields(photos, "Crédit (auteur de la photo)").last
        scroll_to(page, credit)
        credit.get_by_role("textbox").fill("Mairie")
        shot("5-photo")
        save(page, f"content/communes/{slug}/profile.yaml")

        # A step of the ladder, with its evidence.
        programme = yaml.safe_load((site.content / "programme.yaml").read_text("utf-8"))
        milestone = next(m for m in programme["milestones"] if m["id"] not in (progress.get("steps") or {}))
        open_entry(page, "progress", slug)
        steps = field(page, "Étapes du programme")
        scroll_to(page, steps)
        steps.get_by_role("button", name="Développer").first.click()  # the ladder comes folded
        step = field(steps, milestone["label"]["fr"])
        step.get_by_role("checkbox").first.check()
        if step.get_by_role("button", name="Développer").count():
            step.get_by_role("button", name="Développer").first.click()
        page.wait_for_timeout(500)  # the group just added sets its empty values first
        field(step, "Date").get_by_role("textbox").fill(progress["updated"])
        field(step, "État").get_by_role("radio").nth(2).click()
        evidence = "https://example.org/compte-rendu"
        field(step, "Preuve (adresse web)").get_by_role("textbox").fill(evidence)
        shot("6-etape")
        save(page, f"content/communes/{slug}/progress.yaml")

        # The English text.
        open_entry(page, "texts", slug)
        page.get_by_role("combobox").first.click()
        page.get_by_role("option").nth(1).click()
        sentence = "The town hall now answers by e-mail."
        editor = page.locator("[contenteditable=true]").first
        editor.click()
        page.keyboard.press("Control+End")
        page.keyboard.press("Enter")
        page.keyboard.type(sentence)
        shot("7-anglais")
        save(page, f"content/communes/{slug}/en.md")

        saved = {
            name: stored(page, f"content/communes/{slug}/{name}")
            for name in ("profile.yaml", "progress.yaml", "en.md", "fr.md")
        }
        photo_files = page.evaluate(
            """async ([top, path]) => {
              let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(top);
              for (const part of path.split('/')) dir = await dir.getDirectoryHandle(part);
              const names = []; for await (const [name] of dir.entries()) names.push(name); return names;
            }""",
            [OPFS_ROOT, f"content/communes/{slug}/photos"],
        )
        sent = [name for name in photo_files if name.lower().startswith("img_2034")]
        assert sent, photo_files
        saved["photos/" + sent[0]] = stored(page, f"content/communes/{slug}/photos/{sent[0]}")
    except Exception:
        shot("echec")  # what the editor showed when the test failed, kept with CI's artifacts
        raise
    finally:
        context.close()
    assert outside == [], "requests outside 127.0.0.1"

    # The files as saved pass check and build into the expected pages.
    content = tmp_path / "content"
    shutil.copytree(site.content, content)
    for name, data in saved.items():
        (content / "communes" / slug / name).parent.mkdir(exist_ok=True)
        (content / "communes" / slug / name).write_bytes(data)
    assert saved["fr.md"] == (folder / "fr.md").read_bytes()
    written = yaml.safe_load(saved["profile.yaml"])
    assert written["contact"]["email"] == email
    assert written["projects"][-1]["title"]["fr"] == title
    assert written["projects"][-1]["theme"] == programme["themes"][0]["id"]
    assert written["photos"][-1]["file"] == "photos/" + sent[0]
    assert yaml.safe_load(saved["progress.yaml"])["steps"][milestone["id"]]["evidence"] == evidence
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch_of(REAL_AS_OF))  # `check` holds dates to this day
    assert build.main(["check", "--content", str(content)]) == 0
    output = tmp_path / "site"
    pipeline.build(content, output, REAL_AS_OF, pipeline.Settings(search=False, cache=tmp_path / "cache"))
    french = (output / "communes" / slug / "index.html").read_text("utf-8")
    english = (output / "en" / "communes" / slug / "index.html").read_text("utf-8")
    assert email in french
    assert title in french
    assert sentence in english
    assert (output / "media" / slug).is_dir()


def test_a_contact_written_per_language_survives_a_save_in_the_editor(browser, sites):
    """The demo's contact person and address are written per language: the form shows each language in its
    own box, and saving another field keeps them as they were (a one-box form blanked them)."""
    site = sites["demo"]
    slug = "kerval-1"
    folder = site.content / "communes" / slug
    seeded = {
        f"content/communes/{slug}/{path.name}": path.read_text("utf-8")
        for path in sorted(folder.iterdir())
        if path.suffix in (".yaml", ".md")
    }
    before = yaml.safe_load(seeded[f"content/communes/{slug}/profile.yaml"])["contact"]
    assert isinstance(before["person"], dict) and isinstance(before["address"], dict)
    page = browser.new_context(viewport=PHONE, locale="fr-FR").new_page()
    try:
        page.goto(site.url + "admin/")
        page.evaluate(SEED, [OPFS_ROOT, seeded])
        expect(page.get_by_role("button", name=re.compile("dépôt de test"))).to_be_visible(timeout=20_000)
        page.get_by_role("button", name=re.compile("dépôt de test")).click()
        open_entry(page, "profiles", slug)
        person = field(page, "Personne à contacter")
        scroll_to(page, person)
        boxes = person.get_by_role("textbox")
        expect(boxes.first).to_have_value(before["person"]["fr"])
        page.get_by_role("textbox", name="Courriel").fill("accueil@kerval.example.org")
        save(page, f"content/communes/{slug}/profile.yaml")
        after = yaml.safe_load(stored(page, f"content/communes/{slug}/profile.yaml").decode())["contact"]
    finally:
        page.context.close()
    assert after["email"] == "accueil@kerval.example.org"
    assert (after["person"], after["address"]) == (before["person"], before["address"])

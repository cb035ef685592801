"""Generate the illustrative photos of the fictional demo (examples/demo/communes/*/photos/).

Simple flat landscapes (sky gradient, land, a few shapes) with the caption « Illustration fictive ».
Deterministic: each image uses a random generator seeded from a fixed seed and its own name.

    .venv/bin/python examples/make_demo_photos.py
"""

from __future__ import annotations

import math
import random
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SEED = 20250901
W, H = 960, 540
QUALITY = 70
MAX_BYTES = 60_000
DEMO = Path(__file__).resolve().parent / "demo" / "communes"


# --- helpers -----------------------------------------------------------------------------------


def lerp(a: tuple, b: tuple, t: float) -> tuple:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def vgradient(draw: ImageDraw.ImageDraw, top: tuple, bottom: tuple, y0: int, y1: int) -> None:
    for y in range(y0, y1):
        draw.line([(0, y), (W, y)], fill=lerp(top, bottom, (y - y0) / max(1, y1 - y0 - 1)))


def sun(draw, x, y, r, colour=(255, 236, 150)):
    draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)


def hill(draw, rng, base_y, amplitude, colour, phase=None, waves=1.5):
    phase = rng.uniform(0, math.tau) if phase is None else phase
    pts = [
        (x, base_y - amplitude * (0.5 + 0.5 * math.sin(phase + waves * math.tau * x / W)))
        for x in range(0, W + 16, 16)
    ]
    draw.polygon(pts + [(W, H), (0, H)], fill=colour)


def tree(draw, x, ground, size, leaf=(46, 110, 52), trunk=(96, 66, 40)):
    draw.rectangle([x - size * 0.12, ground - size * 0.9, x + size * 0.12, ground], fill=trunk)
    draw.ellipse([x - size * 0.6, ground - size * 1.6, x + size * 0.6, ground - size * 0.6], fill=leaf)


def palm(draw, x, ground, size, leaf=(40, 120, 70), trunk=(120, 90, 60)):
    top = (x + size * 0.15, ground - size * 1.8)
    draw.line([(x, ground), top], fill=trunk, width=max(3, int(size * 0.12)))
    for angle in (-150, -110, -70, -30, 10):
        a = math.radians(angle)
        end = (top[0] + math.cos(a) * size * 0.9, top[1] + math.sin(a) * size * 0.5 + size * 0.25)
        draw.line([top, end], fill=leaf, width=max(3, int(size * 0.1)))


def house(draw, x, ground, w, h, wall, roof):
    draw.rectangle([x, ground - h, x + w, ground], fill=wall)
    draw.polygon(
        [(x - w * 0.12, ground - h), (x + w / 2, ground - h - h * 0.6), (x + w * 1.12, ground - h)], fill=roof
    )
    draw.rectangle([x + w * 0.4, ground - h * 0.55, x + w * 0.6, ground], fill=(70, 50, 40))


def caption(img: Image.Image) -> None:
    text = "Illustration fictive"
    font = ImageFont.load_default(size=20)
    overlay = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(overlay)
    left, top, right, bottom = d.textbbox((0, 0), text, font=font)
    tw, th = right - left, bottom - top
    x, y = W - tw - 24, H - th - 22
    d.rounded_rectangle([x - 10, y - 8, x + tw + 10, y + th + 10], radius=6, fill=(0, 0, 0, 120))
    d.text((x - left, y - top), text, font=font, fill=(255, 255, 255, 235))
    img.paste(Image.alpha_composite(img.convert("RGBA"), overlay).convert("RGB"))


# --- scenes ------------------------------------------------------------------------------------


def market(draw, rng):
    vgradient(draw, (240, 150, 70), (252, 226, 160), 0, 330)
    sun(draw, 760, 120, 46, (255, 245, 200))
    draw.rectangle([0, 330, W, H], fill=(196, 150, 92))
    for x in (60, 860, 910):
        tree(draw, x, 340, rng.randint(60, 80), leaf=(90, 120, 50))
    roofs = [(200, 60, 50), (40, 110, 170), (230, 180, 40), (60, 140, 80), (170, 70, 140)]
    for i in range(7):
        x = 130 + i * 100 + rng.randint(-8, 8)
        ground = 430 + rng.randint(-10, 10)
        draw.rectangle([x + 6, ground - 60, x + 12, ground], fill=(90, 70, 50))
        draw.rectangle([x + 72, ground - 60, x + 78, ground], fill=(90, 70, 50))
        draw.rectangle([x + 4, ground - 30, x + 80, ground - 18], fill=(140, 100, 60))
        draw.polygon([(x - 6, ground - 60), (x + 42, ground - 92), (x + 90, ground - 60)], fill=roofs[i % 5])


def water_tower(draw, rng):
    vgradient(draw, (80, 150, 220), (200, 228, 245), 0, 360)
    draw.rectangle([0, 360, W, H], fill=(205, 170, 105))
    hill(draw, rng, 370, 30, (180, 150, 95), waves=1)
    for x, s in ((90, 70), (820, 90), (900, 60)):
        tree(draw, x, 380, s, leaf=(110, 125, 60))
    # tower: legs, tank
    for dx in (-60, -20, 20, 60):
        draw.line([(330 + dx * 0.5, 190), (330 + dx, 420)], fill=(110, 110, 115), width=6)
    draw.rectangle([255, 110, 405, 200], fill=(225, 225, 230))
    draw.ellipse([255, 90, 405, 130], fill=(240, 240, 245))
    # solar panels
    for i in range(4):
        x = 500 + i * 85
        draw.polygon([(x, 440), (x + 70, 440), (x + 90, 390), (x + 20, 390)], fill=(30, 50, 110))
        draw.line([(x + 35, 440), (x + 55, 390)], fill=(120, 140, 190), width=2)
        draw.line([(x + 45, 440), (x + 45, 462)], fill=(90, 90, 95), width=4)


def plateau(draw, rng):
    vgradient(draw, (180, 205, 225), (238, 240, 232), 0, 300)
    colours = [(222, 196, 96), (128, 160, 70), (206, 176, 80), (150, 178, 86), (230, 210, 120)]
    y = 300
    i = 0
    while y < H:
        h = 30 + i * 14
        draw.rectangle([0, y, W, y + h], fill=colours[i % len(colours)])
        y += h
        i += 1
    tree(draw, 640, 330, 95, leaf=(60, 100, 50))


def terraced_hills(draw, rng):
    vgradient(draw, (70, 140, 215), (190, 225, 245), 0, 330)
    sun(draw, 180, 110, 50)
    greens = [(120, 170, 110), (90, 150, 85), (70, 130, 70), (50, 110, 55)]
    for i, g in enumerate(greens):
        hill(draw, rng, 300 + i * 60, 110 - i * 15, g, waves=1 + i * 0.4)
        for k in range(0, W, 48):
            y = 330 + i * 60
            draw.line([(k, y), (k + 30, y - 4)], fill=lerp(g, (255, 255, 255), 0.15), width=2)
    for x in (560, 620, 700):
        house(draw, x, 420 + rng.randint(-6, 6), 44, 34, (236, 222, 196), (170, 70, 50))


def forge(draw, rng):
    vgradient(draw, (110, 130, 190), (245, 180, 110), 0, 360)
    hill(draw, rng, 330, 140, (110, 120, 80), waves=0.8)
    draw.rectangle([0, 400, W, H], fill=(150, 140, 90))
    # stone building
    draw.rectangle([330, 260, 630, 420], fill=(150, 140, 130))
    for row in range(5):
        for col in range(10):
            x = 330 + col * 30 + (15 if row % 2 else 0)
            y = 262 + row * 32
            draw.rectangle([x + 2, y + 2, min(x + 28, 628), y + 29], outline=(125, 115, 108), width=2)
    draw.polygon([(310, 260), (480, 170), (650, 260)], fill=(175, 60, 45))
    draw.rectangle([450, 340, 510, 420], fill=(70, 50, 40))
    draw.rectangle([560, 120, 590, 210], fill=(120, 110, 105))
    for x in (120, 780, 850):
        tree(draw, x, 410, rng.randint(55, 75))


def river(draw, rng):
    vgradient(draw, (90, 160, 230), (215, 235, 250), 0, 300)
    sun(draw, 820, 90, 40)
    hill(draw, rng, 300, 90, (120, 170, 95), phase=1.0, waves=1)
    draw.rectangle([0, 320, W, H], fill=(120, 170, 95))
    hill(draw, rng, 360, 60, (95, 150, 80), phase=3.0, waves=1.2)
    left, right = [], []
    for y in range(300, H + 20, 10):
        t = (y - 300) / (H - 300)
        cx = 480 + 140 * math.sin(t * 5.0) * (0.4 + t)
        half = 6 + 90 * t
        left.append((cx - half, y))
        right.append((cx + half, y))
    draw.polygon(left + right[::-1], fill=(60, 120, 200))
    for x, y in ((150, 420), (230, 460), (780, 440), (860, 480), (700, 400)):
        tree(draw, x, y, rng.randint(40, 60))


def seafront(draw, rng):
    vgradient(draw, (110, 150, 210), (250, 200, 150), 0, 280)
    sun(draw, 700, 200, 44, (255, 220, 150))
    vgradient(draw, (40, 170, 180), (20, 120, 150), 280, 420)
    for _ in range(18):
        x, y = rng.randint(0, W), rng.randint(295, 410)
        draw.line([(x, y), (x + rng.randint(20, 50), y)], fill=(150, 220, 220), width=2)
    draw.polygon([(0, 420), (W, 400), (W, H), (0, H)], fill=(236, 220, 180))
    for x, y, c in ((260, 450, (170, 60, 40)), (520, 470, (40, 90, 160))):
        draw.polygon([(x, y), (x + 150, y), (x + 130, y + 22), (x + 20, y + 22)], fill=c)
        draw.line([(x + 10, y + 6), (x + 140, y + 6)], fill=(240, 210, 60), width=4)
    palm(draw, 880, 440, 90)


def neighbourhood(draw, rng):
    vgradient(draw, (60, 130, 210), (190, 220, 245), 0, 430)
    draw.rectangle([0, 430, W, H], fill=(170, 160, 150))
    draw.rectangle([0, 470, W, 480], fill=(220, 215, 205))
    walls = [
        (236, 190, 80),
        (220, 120, 100),
        (120, 180, 200),
        (240, 230, 210),
        (160, 200, 120),
        (230, 150, 60),
    ]
    x = 20
    while x < W - 40:
        w = rng.randint(90, 140)
        h = rng.randint(110, 220)
        draw.rectangle([x, 430 - h, x + w, 430], fill=walls[rng.randrange(len(walls))])
        for wy in range(430 - h + 20, 410, 40):
            for wx in range(x + 14, x + w - 24, 34):
                draw.rectangle([wx, wy, wx + 18, wy + 20], fill=(70, 90, 120))
        x += w + rng.randint(6, 20)
    for px in (140, 460, 800):
        palm(draw, px, 470, 110)


def lagoon(draw, rng):
    vgradient(draw, (235, 170, 190), (250, 225, 200), 0, 260)
    sun(draw, 300, 230, 36, (255, 240, 210))
    # mangrove band
    pts = [(x, 260 - rng.randint(10, 40)) for x in range(0, W + 20, 20)]
    draw.polygon(pts + [(W, 300), (0, 300)], fill=(30, 80, 50))
    vgradient(draw, (200, 170, 190), (110, 140, 170), 300, H)
    for _ in range(24):
        x, y = rng.randint(0, W), rng.randint(310, H - 10)
        draw.line([(x, y), (x + rng.randint(30, 80), y)], fill=(225, 205, 215), width=2)
    for x in range(10, W, 45):
        draw.line([(x, 300), (x - 8, 318)], fill=(50, 60, 45), width=2)
        draw.line([(x, 300), (x + 8, 318)], fill=(50, 60, 45), width=2)


PHOTOS = {
    "kerval-1/photos/marche-de-kerval.jpg": market,
    "kerval-1/photos/chateau-d-eau.jpg": water_tower,
    "montbrise/photos/plateau.jpg": plateau,
    "hautecombe/photos/collines-en-terrasses.jpg": terraced_hills,
    "hautecombe/photos/vieille-forge.jpg": forge,
    "vallon-sur-lys/photos/riviere-lys.jpg": river,
    "port-azur-2/photos/front-de-mer.jpg": seafront,
    "port-azur-2/photos/quartier-belle-anse.jpg": neighbourhood,
    "anse-marine/photos/lagune-de-kalamou.jpg": lagoon,
}


def main() -> None:
    for rel, scene in PHOTOS.items():
        rng = random.Random(SEED + zlib.crc32(rel.encode()))
        img = Image.new("RGB", (W, H))
        scene(ImageDraw.Draw(img), rng)
        caption(img)
        out = DEMO / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        img.save(out, "JPEG", quality=QUALITY, optimize=True)
        size = out.stat().st_size
        if size > MAX_BYTES:
            raise SystemExit(f"{out} is {size} bytes (limit {MAX_BYTES})")
        print(f"{out.relative_to(DEMO.parent.parent.parent)}  {size // 1024} KB")


if __name__ == "__main__":
    main()

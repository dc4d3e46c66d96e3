#!/usr/bin/env python3
"""Photo-like test pictures for the image benchmark and the example site's news covers.

Photographs compress differently from noise, so these are scenes: a sky gradient with a sun's
glow, two ridges of hills, a foreground (fields in rows, a wetland's water, a town, or a meeting
hall), light falloff, soft focus and sensor grain. Deterministic for a seed.

  photos.py bench OUT N [FIRST]
                             N phone photos (numbered from FIRST, default 0), 4000x3000 (12 MP), JPEG q92, EXIF with an
                             orientation (every other one stored sideways, orientation 6) and
                             a GPS position, as a phone writes them
  photos.py example ROOT     the example site's six news covers (1600x1067, no EXIF)

Needs numpy and Pillow (pip install numpy pillow).
"""
import sys
from pathlib import Path

import numpy as np
from PIL import ExifTags, Image, ImageFilter

KINDS = ["field", "water", "town", "hall"]


def low_noise(rng, w, h, cells, amp):
    small = rng.normal(0, amp, (max(2, h * cells // w), cells)).astype(np.float32)
    img = Image.fromarray(small, mode="F").resize((w, h), Image.BICUBIC)
    return np.asarray(img, dtype=np.float32)


def scene(w, h, seed, kind):
    rng = np.random.default_rng(seed)
    y = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    x = np.linspace(0, 1, w, dtype=np.float32)[None, :]
    warm = rng.uniform(0, 1)
    top = np.array([60, 110, 190], np.float32) * (1 - 0.3 * warm) + np.array([40, 20, 0], np.float32) * warm
    horizon_col = np.array([205, 215, 225], np.float32) * (1 - 0.2 * warm) + np.array([250, 200, 150], np.float32) * 0.2 * warm
    img = np.empty((h, w, 3), np.float32)
    t = np.clip(y / 0.5, 0, 1)[..., None]
    img[:] = top * (1 - t) + horizon_col * t
    # the sun's glow
    sx, sy = rng.uniform(0.2, 0.8), rng.uniform(0.08, 0.3)
    d2 = ((x - sx) * w / h) ** 2 + (y - sy) ** 2
    img += (np.exp(-d2 / 0.02) * 60)[..., None] * np.array([1.0, 0.9, 0.7], np.float32)
    # clouds
    clouds = np.clip(low_noise(rng, w, h, 24, 1.0) + low_noise(rng, w, h, 90, 0.4), 0, None)
    img += (clouds * 40 * np.clip(1 - y / 0.45, 0, 1))[..., None]
    # two ridges of hills
    p = rng.uniform(0, 6.3, 4)
    far = 0.42 + 0.05 * np.sin(x * 7.3 + p[0]) + 0.02 * np.sin(x * 23 + p[1])
    near = 0.52 + 0.04 * np.sin(x * 4.1 + p[2]) + 0.015 * np.sin(x * 31 + p[3])
    img = np.where((y > far)[..., None], np.array([95, 115, 125], np.float32) + low_noise(rng, w, h, 60, 8)[..., None], img)
    ground = np.array({"field": [70, 120, 50], "water": [60, 95, 110], "town": [120, 115, 105], "hall": [90, 60, 50]}[kind], np.float32)
    depth = np.clip((y - near) / (1 - near + 1e-3), 0, 1)
    fg = ground + low_noise(rng, w, h, 40, 12)[..., None]
    if kind == "field":
        rows = np.sin((x - 0.5) / (depth + 0.04) * 60)
        fg = fg * (0.85 + 0.15 * rows[..., None]) + np.array([20, 30, 0], np.float32) * depth[..., None]
    elif kind == "water":
        ripple = np.sin(y * 900 + 3 * np.sin(x * 40)) * (0.3 + depth)
        fg = fg + (ripple * 12)[..., None] + (img[::-1] * 0.25) * (1 - depth[..., None])
    elif kind == "town":
        for _ in range(40):
            bx, bw = rng.uniform(0, 1), rng.uniform(0.02, 0.08)
            top_y = near - rng.uniform(0.05, 0.25)
            col = rng.uniform(150, 230, 3).astype(np.float32)
            mask = (x > bx) & (x < bx + bw) & (y > top_y) & (y < near + 0.1)
            windows = (np.sin(x * 900) > 0.3) & (np.sin(y * 700) > 0.2)
            img = np.where(mask[..., None], col * np.where(windows, 0.7, 1.0)[..., None], img)
    else:  # a hall: a wall, a stage with a red banner, rows of people
        img[:] = np.array([200, 190, 175], np.float32) * (0.8 + 0.2 * y)[..., None]
        banner = (y > 0.1) & (y < 0.2) & (x > 0.15) & (x < 0.85)
        img = np.where(banner[..., None], np.array([180, 30, 35], np.float32), img)
        for r in range(6):
            # a row of people: heads over shoulders, nearer rows larger
            n = 26 - r * 2
            cy = 0.5 + r * 0.085
            fx = (x * n + r * 0.5) % 1 - 0.5
            scale = n * h / w
            head = fx**2 + ((y - cy) * scale) ** 2 < 0.07
            shoulders = (fx / 1.6) ** 2 + ((y - cy - 0.7 / scale) * scale / 1.2) ** 2 < 0.09
            tone = np.array([30 + 10 * r, 28, 30], np.float32)
            img = np.where((head | shoulders)[..., None], tone, img)
    if kind != "hall":
        img = np.where((y > near)[..., None], fg, img)
    # light falloff, soft focus, grain
    vignette = 1 - 0.35 * (((x - 0.5) * 1.4) ** 2 + ((y - 0.5) * 1.4) ** 2)
    img *= vignette[..., None]
    out = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    out = out.filter(ImageFilter.GaussianBlur(0.8))
    grain = rng.normal(0, 5.0, (h, w, 1)).astype(np.float32)
    arr = np.asarray(out, np.float32) + grain
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def phone_exif(orientation, seed):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Gazette"
    exif[ExifTags.Base.Model] = "Bench Phone"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (30.0, 35.0, float(seed % 60))
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (114.0, 17.0, 5.0)
    return exif


def bench(out, n, first=0):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for i in range(first, first + n):
        # the scene at half size, enlarged (soft, like a phone's processing), then full-size grain
        img = scene(2000, 1500, 1000 + i, KINDS[i % len(KINDS)]).resize((4000, 3000), Image.BICUBIC)
        rng = np.random.default_rng(i)
        arr = np.asarray(img, np.float32) + rng.normal(0, 4.0, (3000, 4000, 1)).astype(np.float32)
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
        orientation = 6 if i % 2 else 1
        if orientation == 6:
            # stored sideways, as a phone held upright writes it: turned 90° back when shown
            img = img.transpose(Image.Transpose.ROTATE_90)
        img.save(out / f"photo-{i:03}.jpg", "JPEG", quality=92, exif=phone_exif(orientation, i))


EXAMPLE = [
    ("news/2023/2023-03-15-daibiao-jiedai-xuanmin", "hall"),
    ("news/2023/2023-09-20-shidi-baohu-shicha", "water"),
    ("news/2024/2024-09-13-renda-zhidu-70-zhounian", "hall"),
    ("news/2024/2024-11-12-minsheng-shishi-xiangmu-zhengji", "town"),
    ("news/2025/2025-05-20-yingshang-huanjing-qiye-zuotan", "town"),
    ("news/2025/2025-07-10-gaobiaozhun-nongtian-shicha", "field"),
]


def example(root):
    for i, (folder, kind) in enumerate(EXAMPLE):
        path = Path(root) / "content" / folder / "cover.jpg"
        scene(1600, 1067, 7 + i, kind).save(path, "JPEG", quality=80, optimize=True)


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "bench":
        bench(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 0)
    elif len(sys.argv) == 3 and sys.argv[1] == "example":
        example(sys.argv[2])
    else:
        sys.exit(__doc__)

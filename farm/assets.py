"""The farm's non-HTML resources: robots.txt, sitemaps, PDF statements, very large and binary files."""

from __future__ import annotations

import random
import struct
import zlib
from functools import lru_cache

from farm.catalogue import Farm
from farm.model import FARM_TODAY, Site
from farm.paths import filler_paths
from farm.statement import statement_lines

LARGE_PAGE_BYTES = 3 * 1024 * 1024
ARCHIVE_BYTES = 6 * 1024 * 1024
BOMB_BYTES = 1024 * 1024 * 1024  # once decompressed
ENDLESS_BODY_BYTES = 2 * 1024 * 1024 * 1024


def robots_txt(farm: Farm, site: Site) -> str:
    rules = (
        "User-agent: *\nDisallow: /\n"
        if site.robots_disallow_all
        else "User-agent: *\nDisallow: /admin/\n"
    )
    if site.sitemap:
        rules += f"Sitemap: {farm.base_url(site)}/sitemap.xml\n"
    return rules


def sitemap_xml(farm: Farm, site: Site) -> str:
    paths = [site.home_path, "/contact", "/demarches", "/actualites", *filler_paths(site)]
    lastmod = (site.news_dates[0] if site.news_dates else FARM_TODAY).isoformat()
    entries = "".join(
        f"<url><loc>{farm.base_url(site)}{path}</loc><lastmod>{lastmod}</lastmod></url>"
        for path in paths
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    )


def _pdf_text(text: str) -> bytes:
    return (
        text.encode("latin-1", "replace")
        .replace(b"\\", b"\\\\")
        .replace(b"(", b"\\(")
        .replace(b")", b"\\)")
    )


def statement_pdf(site: Site) -> bytes:
    """A one-page PDF whose text a PDF reader extracts (Helvetica, WinAnsi encoding)."""
    lines = statement_lines(site)
    stream = (
        b"BT /F1 12 Tf 50 780 Td 16 TL "
        + b" ".join(b"(" + _pdf_text(line) + b") '" for line in lines)
        + b" ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    document = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(document))
        document += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(document)
    document += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    document += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    document += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(document)


@lru_cache(maxsize=2)
def large_page(with_skip_link: bool) -> bytes:
    """A 3 MB municipal bulletin in HTML, as some sites publish it, in the site's layout habits."""
    paragraph = (
        "<p>Compte rendu détaillé du conseil municipal, délibération par délibération.</p>\n"
    )
    skip = '<a href="#contenu" class="evitement">Aller au contenu</a>' if with_skip_link else ""
    head = (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Bulletin</title></head>'
    )
    body = paragraph * (LARGE_PAGE_BYTES // len(paragraph.encode()))
    return f'{head}<body>{skip}<main id="contenu">{body}</main></body></html>'.encode()


@lru_cache(maxsize=1)
def archive() -> bytes:
    """6 MB of incompressible bytes behind a .zip name."""
    return random.Random("archive").randbytes(ARCHIVE_BYTES)


@lru_cache(maxsize=1)
def gzip_bomb() -> bytes:
    """1 GiB of zeros gzipped to about a megabyte, made in a third of a second.

    Compressing the gibibyte took five seconds, during which the farm's single thread
    answered nobody and other sites' pages timed out. A full flush after each mebibyte resets
    the compressor's history, so every mebibyte after the first compresses to the same bytes:
    they are repeated, and the trailer's CRC and size are those of the whole gibibyte.
    """
    block = bytes(1024 * 1024)
    blocks = BOMB_BYTES // len(block)
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush(zlib.Z_FINISH)[:-8]  # the final block, without the 2-block trailer
    crc = 0
    for _ in range(blocks):
        crc = zlib.crc32(block, crc)
    trailer = struct.pack("<II", crc, BOMB_BYTES & 0xFFFFFFFF)
    return first + repeated * (blocks - 1) + end + trailer


def parking_page(site: Site) -> str:
    """A registrar's placeholder: two families, a parking network's script or a bare notice."""
    if site.index % 2:
        body = (
            f"<h1>{site.host}</h1><p>This domain may be for sale!</p>"
            '<script src="https://img.sedoparking.com/templates/js/parking.js"></script>'
        )
    else:
        body = (
            f"<h1>{site.host}</h1><p>Félicitations ! Votre nom de domaine a bien été créé.</p>"
            "<p>Ce domaine est enregistré par un bureau d'enregistrement.</p>"
        )
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{site.host}</title>'
        f"</head><body>{body}</body></html>"
    )


def portal_page(uri: str) -> str:
    """A page of a commercial directory of town halls, where some former domains now lead."""
    slug = uri.rstrip("/").rsplit("/", 1)[-1]
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>Mairie {slug} : horaires et contact</title></head><body>"
        f"<h1>Mairie {slug}</h1><p>Horaires, adresse et téléphone de la mairie.</p>"
        '<p><a href="/annonces">Annonces</a></p></body></html>'
    )

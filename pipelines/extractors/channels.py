"""Direct channels besides social networks: newsletters (`alerts.newsletter`), the mailboxes a
site gives for writing to the town hall (`contact.mailbox`) and its contact form
(`contact.form`)."""

from __future__ import annotations

import re
from urllib.parse import unquote

from crawler.items import Finding
from crawler.urls import by_host_suffix, host_of, registered_domain

from pipelines.extractors.once import once_per_value
from pipelines.extractors.page import TEXT_INSIDE, Page, compiled, on_hosts, serialise, squash

DETECTOR = "channels/2"

# Where newsletter sign-up forms post, or the pages they link to.
NEWSLETTER_HOSTS = {
    "list-manage.com": "mailchimp",
    "mailchimp.com": "mailchimp",
    "eepurl.com": "mailchimp",
    "sibforms.com": "brevo",
    "sendinblue.com": "brevo",
    "brevo.com": "brevo",
    "mailjet.com": "mailjet",
    "mjt.lu": "mailjet",
    "sendpulse.com": "sendpulse",
}
NEWSLETTER_WORDS = re.compile(
    r"lettres?\s+d.information|newsletters?|lettres?\s+d.info\b|infolettres?", re.IGNORECASE
)
# Mailboxes of consumer providers: a town hall writing from one has no address of its own.
PERSONAL_MAIL_DOMAINS = frozenset(
    {
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "sfr.fr",
        "neuf.fr",
        "laposte.net",
        "gmail.com",
        "hotmail.fr",
        "hotmail.com",
        "outlook.fr",
        "outlook.com",
        "live.fr",
        "yahoo.fr",
        "yahoo.com",
        "aol.com",
        "bbox.fr",
    }
)
MAILTO = re.compile(r"^mailto:\s*([^?]+)", re.IGNORECASE)
FORMS_SENT = compiled("//form[@action]")
MESSAGE_BLOCKS = compiled(
    "//form[.//textarea]"
    " | //textarea[not(ancestor::form)]"
    "/ancestor::*[.//button or .//input[@type='submit' or @type='button']][1]"
)
FIELD_WORDS = compiled(".//input/@name | .//input/@placeholder")
EMAIL_FIELDS = compiled(".//input[@type='email']")


def extract_newsletter(page: Page) -> list[Finding]:
    """A sign-up form, link or embedded form; the vendor's slug when its host shows, else
    `own` (a link only: an embed is read by its host)."""
    found: list[tuple[str, str]] = []
    for form in FORMS_SENT(page.tree):
        host = host_of(form.attrib.get("action") or "")
        slug = by_host_suffix(host, NEWSLETTER_HOSTS)
        if slug:
            found.append((slug, squash(serialise(form))[:300]))
    for link in page.links:
        slug = on_hosts(link, NEWSLETTER_HOSTS)
        if slug is None and NEWSLETTER_WORDS.search(link.text) and page.is_same_site(link.url):
            slug = "own"
        if slug:
            found.append((slug, link.snippet))
    for embed in page.embeds:
        slug = on_hosts(embed, NEWSLETTER_HOSTS)
        if slug:
            found.append((slug, embed.snippet))
    return once_per_value("alerts.newsletter", found, page.url, DETECTOR)


def mailbox_kind(address: str, site_domain: str) -> str:
    domain = address.rsplit("@", 1)[-1].strip().lower().rstrip(".")
    if domain in PERSONAL_MAIL_DOMAINS:
        return "personal"
    return "own-domain" if registered_domain(domain) == site_domain else "other"


def extract_mailboxes(page: Page) -> list[Finding]:
    """`own-domain`, `personal` or `other` for each kind of mailbox a mailto link gives."""
    found: list[tuple[str, str]] = []
    for anchor in page.anchors:
        href = anchor.get("href") or ""
        # `//a[starts-with(translate(@href, 'MAILTO', 'mailto'), 'mailto:')]`, in Python
        if href[:7].lower() != "mailto:":
            continue
        match = MAILTO.match(unquote(href))
        if not match or "@" not in match.group(1):
            continue
        kind = mailbox_kind(match.group(1), page.site_domain)
        found.append((kind, squash(serialise(anchor))[:300]))
    return once_per_value("contact.mailbox", found, page.url, DETECTOR)


EMAIL_WORDS = re.compile(r"e-?mail|courriel|adresse\s+[ée]lectronique", re.IGNORECASE)
# "Cette page vous a-t-elle été utile ?": a widget about the page, not a way to write in.
PAGE_FEEDBACK = re.compile(r"cette\s+page", re.IGNORECASE)


def extract_contact_form(page: Page) -> list[Finding]:
    """A form to write to the authority: a message box and a way to be answered (an e-mail
    field), in a form element or in a block with its send button. A search box or a newsletter sign-up has no message box; a "was this page
    useful?" widget is not a contact form."""
    # A form element, or, where a script posts the fields itself, the smallest block around a
    # message box that also holds a button.
    candidates = MESSAGE_BLOCKS(page.tree)
    for form in candidates:
        text = squash(" ".join(TEXT_INSIDE(form)))
        if PAGE_FEEDBACK.search(text):
            continue
        names = " ".join(FIELD_WORDS(form))
        if EMAIL_FIELDS(form) or EMAIL_WORDS.search(f"{names} {text}"):
            snippet = squash(serialise(form))[:300]
            return [Finding("contact.form", "true", page.url, snippet, DETECTOR)]
    return []

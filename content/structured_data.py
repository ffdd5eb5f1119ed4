"""JSON-LD for the home and article pages: the clinic, the page and its breadcrumbs.

Pure: plain values in, dictionaries out; the template tag serialises them.
"""

import datetime


def postal_address(clinic: dict) -> dict:
    """The clinic's address as schema.org PostalAddress."""
    return {
        "@type": "PostalAddress",
        "streetAddress": clinic["street"],
        "addressLocality": clinic["locality"],
        "addressRegion": clinic["region"],
        "postalCode": clinic["postal_code"],
        "addressCountry": clinic["country"],
    }


def _a_clinic(node_id: str, name: str, phone: str, address: dict, site_url: str) -> dict:
    return {
        "@type": ["MedicalClinic", "Physiotherapy"],
        "@id": node_id,
        "name": name,
        "url": f"{site_url}/",
        "telephone": phone,
        "address": postal_address(address),
        # A member of schema.org's MedicalSpecialty enumeration, as an IRI so a JSON-LD
        # processor reads it as that member ("PhysicalTherapy" is a therapy, not a specialty).
        "medicalSpecialty": {"@id": "https://schema.org/Physiotherapy"},
    }


def publisher_graph(clinic: dict, site_url: str) -> dict:
    """The clinic as an article names its publisher, by the same @id as the home page's
    full description; the hours are left to that one, which has each location's, so no
    page states hours that disagree with it."""
    return _a_clinic(f"{site_url}/#clinic", clinic["name"], clinic["phone"], clinic, site_url)


def clinic_graph(clinic: dict, site_url: str, places: list[dict] = ()) -> dict:
    """The clinic; with `places` (its locations), each is a department with its own
    address and hours, and the clinic's own hours from settings are left out so no two
    sets of hours disagree."""
    node = publisher_graph(clinic, site_url) | {
        "legalName": clinic["legal_name"],
        "email": clinic["email"],
    }
    if places:
        node["department"] = [place_graph(place, clinic, site_url) for place in places]
    else:
        node["openingHours"] = [spec for _, _, spec in clinic["opening_hours"] if spec]
    return node


def place_graph(place: dict, clinic: dict, site_url: str) -> dict:
    """One location: a clinic of its own, part of the clinic that runs the site.
    `place` as `scheduling.selectors.public_places` gives it."""
    address = place | {"country": clinic["country"]}
    node = _a_clinic(
        f"{site_url}/#location-{place['pk']}", place["name"], clinic["phone"], address, site_url
    )
    node["parentOrganization"] = {"@id": f"{site_url}/#clinic"}
    if place["schema_hours"]:
        node["openingHours"] = place["schema_hours"]
    return node


def home_graph(clinic: dict, site_url: str, places: list[dict] = ()) -> dict:
    """The home page: the web site, the clinic that runs it and its locations."""
    website = {
        "@type": "WebSite",
        "@id": f"{site_url}/#website",
        "url": f"{site_url}/",
        "name": clinic["name"],
        "inLanguage": "en-US",
        "publisher": {"@id": f"{site_url}/#clinic"},
    }
    clinic_node = clinic_graph(clinic, site_url, places)
    return {"@context": "https://schema.org", "@graph": [clinic_node, website]}


def breadcrumb_graph(crumbs: list[tuple[str, str]]) -> dict:
    """`crumbs` are (name, absolute URL) from the home page down to this page."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def person_graph(name: str, credentials: str) -> dict:
    return {"@type": "Person", "name": name, "honorificSuffix": credentials}


def article_graph(
    *,
    url: str,
    title: str,
    summary: str,
    published: datetime.date,
    last_reviewed: datetime.date,
    author: tuple[str, str] | None,
    reviewer: tuple[str, str] | None,
    topic: str,
    crumbs: list[tuple[str, str]],
    clinic: dict,
    site_url: str,
    image_url: str = "",
) -> dict:
    """`author` and `reviewer` are (name, credentials), or None for a sample (demo) person:
    search engines are never told a made-up person wrote or reviewed the page."""
    page = {
        "@type": "MedicalWebPage",
        "@id": f"{url}#page",
        "url": url,
        "name": title,
        "headline": title,
        "description": summary,
        "inLanguage": "en-US",
        "datePublished": published.isoformat(),
        "author": person_graph(*author) if author else {"@id": f"{site_url}/#clinic"},
        "about": {"@type": "MedicalTherapy", "name": "Soft tissue mobilization"},
        "keywords": topic,
        "audience": {"@type": "PeopleAudience", "audienceType": "Patient"},
        "publisher": {"@id": f"{site_url}/#clinic"},
        "breadcrumb": {"@id": f"{url}#breadcrumbs"},
    }
    if reviewer:
        page["lastReviewed"] = last_reviewed.isoformat()
        page["reviewedBy"] = person_graph(*reviewer)
    if image_url:
        page["image"] = image_url
    breadcrumbs = breadcrumb_graph(crumbs) | {"@id": f"{url}#breadcrumbs"}
    return {
        "@context": "https://schema.org",
        "@graph": [page, breadcrumbs, publisher_graph(clinic, site_url)],
    }

"""The public catalogue site (一网N端): static pages, JSON endpoints, a change feed and QR codes,
all built from the catalogue in force — approved versions only, never drafts, revisions in
progress or internal fields. See ``build.build_site``.
"""

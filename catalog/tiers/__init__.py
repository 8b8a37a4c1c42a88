"""三级: township and village catalogues derived from the district's (认领, tailoring, kept in step)."""

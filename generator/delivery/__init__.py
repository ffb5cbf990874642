"""Getting finished drafts out safely: the output folder, manifest, partner packs, embargo,
release and corrections diff."""

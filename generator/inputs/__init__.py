"""Read and validate a story's inputs: the manifest, places, data tables, figures, quotes and
outlets, each snapshotted once at the start of a build."""

"""What the engine writes and reads back: mention caches, the corpus snapshot, article ingest, and the parallel
runner that geoparses many articles at once."""

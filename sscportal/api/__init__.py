"""The REST API for partner systems, under /api/v1/ (issue 6): one router, shared base classes."""

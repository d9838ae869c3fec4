"""The HTTP face: the FastAPI app (:mod:`assistant.api.app`), its routers, request/response models,
chat sessions and the web chat in ``web/``. Nothing in the core, drafting or evaluation imports it.
"""

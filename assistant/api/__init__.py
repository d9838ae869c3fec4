"""The HTTP face: the FastAPI app (:mod:`assistant.api.app`), its routers, request/response models,
chat sessions and the web chat in ``web/``. Nothing in the core, drafting or evaluation imports it.

``assistant.api:app_from_environment``, the uvicorn factory path of earlier releases, still resolves (lazily,
so importing a submodule does not build the app module first); new deployments name
``assistant.api.app:app_from_environment``.
"""


def __getattr__(name: str):
    if name in ("app_from_environment", "create_app"):
        from assistant.api import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

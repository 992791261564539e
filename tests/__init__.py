"""galton's tests: a package, so helpers such as tests.core.optimizer_doubles import by name
(pytest runs in importlib mode, see pyproject.toml)."""

"""lplan: the Lijiang anti-trafficking plan (2021–2030) as data, queries and checks."""

__version__ = "0.1.0"

"""docgen: a Vietnamese Kế hoạch (Decree 30/2020/NĐ-CP) from a plan written as YAML."""

__version__ = "0.1.0"

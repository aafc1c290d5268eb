"""Exporters: the project's data in formats other tools read."""

from .csv_export import ExportReport, csv_files, export_csv

__all__ = ["ExportReport", "csv_files", "export_csv"]

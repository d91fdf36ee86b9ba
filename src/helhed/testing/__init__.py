"""Test helpers shared by every app's tests (factories). Never imported by production code."""

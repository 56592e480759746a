"""Measurements from the camera: the Thomas test for hip-flexor length."""

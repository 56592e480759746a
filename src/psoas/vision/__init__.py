"""Frames in, poses and angles out: decoding, pose estimation, smoothing and kinematics."""

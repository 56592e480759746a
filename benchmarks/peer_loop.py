"""The usual open-source rep counter, as a yardstick for `psoas analyze` (benchmarks/speed.py times both).

    python benchmarks/peer_loop.py VIDEO

This is the loop most webcam "AI trainer" tutorials and repositories share: OpenCV decodes each frame,
converts BGR to RGB, marks it read-only so MediaPipe takes it without a copy, runs BlazePose (the default
full model) on it, computes one joint angle from three landmarks, and counts a repetition with two
thresholds. No smoothing, no quality checks, no report beyond the count: the least work a rep counter
can do, written the way those scripts write it (headless: no window, no drawing).
"""

import sys

import cv2
import mediapipe as mp
import numpy as np

mp_pose = mp.solutions.pose


def calculate_angle(a, b, c):
    a, b, c = np.array(a), np.array(b), np.array(c)
    radians = np.arctan2(c[1] - b[1], c[0] - b[0]) - np.arctan2(a[1] - b[1], a[0] - b[0])
    angle = np.abs(radians * 180.0 / np.pi)
    if angle > 180.0:
        angle = 360 - angle
    return angle


def main(path):
    cap = cv2.VideoCapture(path)
    counter = 0
    stage = None
    with mp_pose.Pose(min_detection_confidence=0.5, min_tracking_confidence=0.5) as pose:
        while cap.isOpened():
            ret, frame = cap.read()
            if not ret:
                break
            image = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
            image.flags.writeable = False
            results = pose.process(image)
            if results.pose_landmarks is None:
                continue
            landmarks = results.pose_landmarks.landmark
            shoulder = [
                landmarks[mp_pose.PoseLandmark.LEFT_SHOULDER].x,
                landmarks[mp_pose.PoseLandmark.LEFT_SHOULDER].y,
            ]
            hip = [landmarks[mp_pose.PoseLandmark.LEFT_HIP].x, landmarks[mp_pose.PoseLandmark.LEFT_HIP].y]
            knee = [landmarks[mp_pose.PoseLandmark.LEFT_KNEE].x, landmarks[mp_pose.PoseLandmark.LEFT_KNEE].y]
            angle = calculate_angle(shoulder, hip, knee)
            # A bridge: the hip opens towards straight at the top and folds at the bottom.
            if angle < 140:
                stage = "down"
            if angle > 160 and stage == "down":
                stage = "up"
                counter += 1
    cap.release()
    print(counter)


if __name__ == "__main__":
    main(sys.argv[1])

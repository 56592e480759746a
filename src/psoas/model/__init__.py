"""The psoas modelled: muscle–tendon length from hip angles (an OpenSim-fitted surrogate) and the pose."""

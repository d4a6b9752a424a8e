# Reads the beam and a magnet, nudges the magnet within its limits, then shows
# that a write beyond the limits is refused where it happens.
from osprey.runtime import read_channel, write_channel
from pyexec_limits import ChannelLimitsViolationError

beam = read_channel("BEAM:CURRENT")
before = read_channel("MAG:QF1:CURRENT:SP")
write_channel("MAG:QF1:CURRENT:SP", before + 1.0)      # within max_step 5 and [0, 20]
after = read_channel("MAG:QF1:CURRENT:RB")

try:
    write_channel("MAG:QF1:CURRENT:SP", 99.0)          # above max_value: never reaches the IOC
    refused = None
except ChannelLimitsViolationError as violation:
    refused = {"type": violation.violation_type, "reason": violation.violation_reason}

results = {
    "beam_current_mA": beam,
    "setpoint_before_A": before,
    "readback_after_A": after,
    "refused_write": refused,
    "setpoint_now_A": read_channel("MAG:QF1:CURRENT:SP"),
}

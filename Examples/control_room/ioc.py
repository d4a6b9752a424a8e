#!/usr/bin/env python3
"""A small EPICS IOC (caproto) for trying PythonExecutor's channel limits, and for its tests.

    EPICS_CA_SERVER_PORT=5064 EPICS_CAS_INTF_ADDR_LIST=127.0.0.1 python ioc.py

PVs:
  MAG:QF1:CURRENT:SP  magnet setpoint (A), initially 10.0
  MAG:QF1:CURRENT:RB  its readback: follows the setpoint
  BEAM:CURRENT        beam current (mA), 500.0
  MAG:STUCK:SP        a setpoint that ignores writes (keeps 3.0)
  MAG:QF2:CURRENT:SP  another magnet setpoint (A), 7.0 (not in the example's limits database)
"""
from caproto.server import PVGroup, pvproperty, ioc_arg_parser, run


class ControlRoom(PVGroup):
    setpoint = pvproperty(name="MAG:QF1:CURRENT:SP", value=10.0, precision=3)
    readback = pvproperty(name="MAG:QF1:CURRENT:RB", value=10.0, precision=3, read_only=True)
    beam_current = pvproperty(name="BEAM:CURRENT", value=500.0, precision=2, read_only=True)
    stuck = pvproperty(name="MAG:STUCK:SP", value=3.0, precision=3)
    other = pvproperty(name="MAG:QF2:CURRENT:SP", value=7.0, precision=3)

    @setpoint.putter
    async def setpoint(self, instance, value):
        await self.readback.write(value)
        return value

    @stuck.putter
    async def stuck(self, instance, value):
        return instance.value


if __name__ == "__main__":
    ioc_options, run_options = ioc_arg_parser(default_prefix="", desc="PythonExecutor control-room IOC")
    run(ControlRoom(**ioc_options).pvdb, **run_options)

# Example analysis for `pyexec run`: a day of simulated beam-current readings,
# summarised with numpy and pandas, plotted with matplotlib.
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt

rng = np.random.default_rng(42)
times = pd.date_range("2026-01-05 00:00", periods=288, freq="5min", tz="UTC")
current = 400 + 5 * np.sin(np.linspace(0, 6 * np.pi, times.size)) + rng.normal(0, 0.8, times.size)
current[120:126] = 0.0  # a short beam trip
readings = pd.DataFrame({"time": times, "current_mA": current})
readings["tripped"] = readings["current_mA"] < 50

hourly = readings.set_index("time")["current_mA"].resample("1h").mean()

fig, ax = plt.subplots(figsize=(8, 3))
ax.plot(readings["time"], readings["current_mA"], label="beam current")
ax.plot(hourly.index, hourly.values, label="hourly mean")
ax.set_title("Beam current")
ax.set_xlabel("time (UTC)")
ax.set_ylabel("mA")
ax.legend()
fig.tight_layout()

print(f"{len(readings)} readings, {int(readings['tripped'].sum())} during trips")

results = {
    "mean_current_mA": float(readings.loc[~readings["tripped"], "current_mA"].mean()),
    "std_current_mA": float(readings.loc[~readings["tripped"], "current_mA"].std()),
    "trip_readings": int(readings["tripped"].sum()),
    "hourly_mean_mA": hourly.round(2).tolist(),
}

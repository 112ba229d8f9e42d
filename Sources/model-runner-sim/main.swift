import ModelRunnerSim

print(ModelRunnerSimInfo.banner)

/// A stand-in for Docker Model Runner's management API, for tests and demos. It does no inference.
public enum ModelRunnerSimInfo {
    public static let banner = "ModelRunnerSim: a stand-in for Docker Model Runner (tests and demos only; no inference)"
}

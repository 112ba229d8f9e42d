import Testing

@testable import ModelBindSupport

@Suite struct UnifiedDiffTests {
    @Test func equalTextsHaveNoDiff() {
        #expect(UnifiedDiff.lines("a\nb\n", "a\nb\n", oldName: "x", newName: "x").isEmpty)
    }

    @Test func changedLineWithContext() {
        let old = (1...10).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "line 5\n", with: "line five\n")
        #expect(
            UnifiedDiff.lines(old, new, oldName: "a/f", newName: "b/f") == [
                "--- a/f", "+++ b/f", "@@ -2,7 +2,7 @@", " line 2", " line 3", " line 4", "-line 5", "+line five",
                " line 6", " line 7", " line 8",
            ])
    }

    @Test func newFileIsAllAdditions() {
        #expect(
            UnifiedDiff.lines("", "A=1\nB=2\n", oldName: "/dev/null", newName: "out/web.env") == [
                "--- /dev/null", "+++ out/web.env", "@@ -0,0 +1,2 @@", "+A=1", "+B=2",
            ])
    }
}

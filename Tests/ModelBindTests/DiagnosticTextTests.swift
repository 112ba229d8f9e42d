import Testing

@testable import ComposeModel
@testable import ComposeValidation
@testable import ModelBind

@Suite struct DiagnosticTextTests {
    @Test func hugeValuesAreCappedInMessagesAndHints() {
        let huge = String(repeating: "x", count: 100_000)
        let diagnostic = Diagnostic.error("MB103", "bad value \(huge)", hint: "use \(huge)")
        #expect(diagnostic.message.count <= Diagnostic.maximumTextLength)
        #expect(diagnostic.message.hasSuffix("more characters)"))
        #expect((diagnostic.hint?.count ?? 0) <= Diagnostic.maximumTextLength)
    }

    @Test func longSourceLinesAreShownAsAWindowAroundTheColumn() {
        let line = String(repeating: "a", count: 1_000) + "X" + String(repeating: "b", count: 1_000)
        let (text, caret) = HumanDiagnosticFormatter.excerpt(line, column: 1_001)
        #expect(text.count <= HumanDiagnosticFormatter.maximumExcerpt + 2)
        #expect(Array(text)[caret - 1] == "X")
        #expect(HumanDiagnosticFormatter.excerpt("short\tline", column: 3) == ("short line", 3))
    }
}

import Testing

@testable import ModelBind
@testable import ModelRunnerClient

struct HTMLEntitiesTests {
    @Test(arguments: [
        ("&lt;&gt;&amp;&#39;&#34;", "<>&'\""),
        ("&quot;&apos;", "\"'"),
        ("caf&#233; &#xE9; &#XE9;", "café é é"),
        ("&#233 no semicolon", "é no semicolon"),
        ("&amp;lt;", "&lt;"),
        ("& alone, &unknown; &#; &#x;", "& alone, &unknown; &#; &#x;"),
        ("&#0;", "\u{FFFD}"),
        ("&#99999999999;", "\u{FFFD}"),
        ("trailing &", "trailing &"),
        ("plain", "plain"),
    ])
    func unescape(_ input: String, _ expected: String) {
        #expect(HTMLEntities.unescape(input) == expected)
    }

    @Test func roundTripsWhatGoEscapes() {
        let original = #"{"type":"error","message":"a <b> & 'c' \"d\""}"#
        let escaped = original.replacingAll("&", "&amp;").replacingAll("'", "&#39;").replacingAll("<", "&lt;")
            .replacingAll(">", "&gt;").replacingAll("\"", "&#34;")
        #expect(HTMLEntities.unescape(escaped) == original)
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

import Testing

@testable import ComposeModel
@testable import ModelBind

/// The two helpers the variable rules and `BindingEnvironment` share: grouping bindings by service,
/// and finding where a name was first set.
@Suite struct BindingGroupsTests {
    @Test func bindingsListedServiceByServiceAreSlicesInOrder() {
        let bindings = [
            ModelBinding(service: "web", modelKey: "a"), ModelBinding(service: "web", modelKey: "b"),
            ModelBinding(service: "api", modelKey: "a"),
        ]
        let groups = ModelBinding.groupedByService(bindings)
        #expect(groups.map(\.service) == ["web", "api"])
        #expect(groups.map { $0.bindings.map(\.modelKey) } == [["a", "b"], ["a"]])
        #expect(groups.map(\.bindings.startIndex) == [0, 2])
    }

    @Test func bindingsListedApartAreGatheredByFirstAppearance() {
        let bindings = [
            ModelBinding(service: "web", modelKey: "a"), ModelBinding(service: "api", modelKey: "a"),
            ModelBinding(service: "web", modelKey: "b"), ModelBinding(service: "db", modelKey: "c"),
            ModelBinding(service: "api", modelKey: "d"),
        ]
        let groups = ModelBinding.groupedByService(bindings)
        #expect(groups.map(\.service) == ["web", "api", "db"])
        #expect(groups.map { $0.bindings.map(\.modelKey) } == [["a", "b"], ["a", "d"], ["c"]])
        #expect(ModelBinding.groupedByService([]).isEmpty)
    }

    @Test(arguments: [3, FirstPositions.scanLimit, FirstPositions.scanLimit + 1, 100])
    func firstPositionsAcrossTheScanLimit(_ count: Int) {
        var firsts = FirstPositions()
        // Every name twice: first at 2i, again at 2i+1.
        for index in 0..<count {
            #expect(firsts.insert("N\(index)", at: 2 * index) == nil)
            #expect(firsts.insert("N\(index)", at: 2 * index + 1) == 2 * index)
        }
        for index in 0..<count { #expect(firsts.position(of: "N\(index)") == 2 * index) }
        #expect(firsts.position(of: "missing") == nil)
        firsts.removeAll()
        #expect(firsts.position(of: "N0") == nil)
        #expect(firsts.insert("N0", at: 7) == nil)
        #expect(firsts.position(of: "N0") == 7)
    }
}

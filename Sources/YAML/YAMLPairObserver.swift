/// Told about the pairs of chosen second-level mappings (the services of a compose file, say) as
/// soon as each pair's value is complete, while the rest of the stream is still being read. With
/// a pipelined read (``YAMLReadingMode``) that is while libyaml parses on its own thread, so work
/// done here overlaps the parse instead of following it.
///
/// Calls come in document order, on the thread that called ``YAMLReader``. The pairs are those
/// written in the mapping: a mapping that turns out to have a `<<` merge key, or a duplicate key,
/// ends up with other pairs, so what the observer learns is a head start, not the final answer.
public protocol YAMLPairObserver: AnyObject {
    /// The top-level keys whose mapping values are observed.
    var observedTopLevelKeys: YAMLKeyList { get }

    /// A pair of the mapping under one of ``observedTopLevelKeys`` is complete. `document` holds
    /// what has been read so far (every node of the pair and what its aliases point at); it is
    /// only valid during the call and must not be kept.
    func pairCompleted(in document: YAMLDocument, key: YAMLNodeID, value: YAMLNodeID)
}

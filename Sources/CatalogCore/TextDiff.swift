/// A word-level diff of two texts, for a reviewer comparing the shop's copy with the proposal:
/// the longest common subsequence of words, with whitespace kept attached to each word.
public enum TextDiff {
    public enum Change: String, Hashable, Sendable, Codable {
        case same
        case removed
        case added
    }

    public struct Segment: Hashable, Sendable, Codable {
        public let change: Change
        public let text: String
    }

    /// Segments that rebuild `old` (same + removed) and `new` (same + added); adjacent words of
    /// one kind are merged. Inputs beyond a few thousand words fall back to removed-then-added.
    public static func words(from old: String, to new: String) -> [Segment] {
        let a = tokens(old), b = tokens(new)
        guard a.count * b.count <= 4_000_000 else {
            return [Segment(change: .removed, text: old), Segment(change: .added, text: new)].filter { !$0.text.isEmpty }
        }
        // lengths[i][j]: LCS of a[i...] and b[j...].
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var segments: [Segment] = []
        func emit(_ change: Change, _ text: String) {
            if let last = segments.last, last.change == change {
                segments[segments.count - 1] = Segment(change: change, text: last.text + text)
            } else {
                segments.append(Segment(change: change, text: text))
            }
        }
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                emit(.same, a[i]); i += 1; j += 1
            } else if j < b.count, i == a.count || lengths[i][j + 1] >= lengths[i + 1][j] {
                emit(.added, b[j]); j += 1
            } else {
                emit(.removed, a[i]); i += 1
            }
        }
        return segments
    }

    /// Words with their trailing whitespace.
    static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var inSpace = false
        for character in text {
            if character.isWhitespace {
                inSpace = true
            } else if inSpace {
                result.append(current)
                current = ""
                inSpace = false
            }
            current.append(character)
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}

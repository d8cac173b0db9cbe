/// Edit distance, for "did you mean" suggestions on misspelt keys, slugs, choices and
/// template functions. A pair of neighbouring characters written the wrong way round counts as
/// one edit (`tgas` → `tags`, 集市 → 市集). Within `maxDistance` (by default a third of the
/// candidate, at least 2), the nearest wins; on a tie, the first in `candidates`.
package func closestMatch(to word: String, in candidates: some Sequence<String>, maxDistance: Int? = nil) -> String? {
    let a = Array(word.lowercased())
    var best: (String, Int)?
    for candidate in candidates {
        let b = Array(candidate.lowercased())
        let distance = editDistance(a, b)
        if distance <= (maxDistance ?? max(2, b.count / 3)), best == nil || distance < best!.1 { best = (candidate, distance) }
    }
    return best?.0
}

/// Optimal string alignment distance: insertions, deletions, substitutions and transpositions
/// of neighbours, each one edit.
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var beforePrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                current[j] = min(current[j], beforePrevious[j - 2] + 1)
            }
        }
        beforePrevious = previous
        previous = current
    }
    return previous[b.count]
}

/// Counts a detector's hits and misses on a labelled set, for the precision and recall the
/// closing notes report.
struct DetectionTally {
    var truePositives = 0
    var falsePositives = 0
    var falseNegatives = 0

    var precision: Double { Double(truePositives) / Double(max(truePositives + falsePositives, 1)) }
    var recall: Double { Double(truePositives) / Double(max(truePositives + falseNegatives, 1)) }
}

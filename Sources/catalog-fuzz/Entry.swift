import Foundation

#if FUZZING
/// libFuzzer's entry point (`swift build --sanitize fuzzer -Xswiftc -DFUZZING`); the reader is
/// chosen by CATALOG_FUZZ_TARGET.
nonisolated(unsafe) let fuzzTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["CATALOG_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        fatalError("set CATALOG_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    fuzzTarget.check(Data(bytes: bytes, count: count))
    return 0
}
#else
/// `catalog-fuzz replay FIXTURES`: runs every file in each target's seed folders under FIXTURES
/// (Tests/Fixtures) through that target's reader, the way the fuzzer does, without libFuzzer;
/// the test suite replays the checked-in corpus (every finding becomes a file there) this way.
@main
struct CatalogFuzz {
    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        guard arguments.count == 2, arguments.first == "replay" else {
            print("usage: catalog-fuzz replay FIXTURES_DIR   (seeds in fuzz/<target>/ for: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")))")
            exit(64)
        }
        let root = URL(fileURLWithPath: arguments.last!)
        var total = 0
        for target in FuzzTarget.allCases {
            var count = 0
            for folder in target.seedFolders.map({ root.appendingPathComponent($0) }) {
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
                for name in names {
                    target.check(try Data(contentsOf: folder.appendingPathComponent(name)))
                }
                count += names.count
            }
            total += count
            print("\(target.rawValue): \(count) inputs")
        }
        print("replayed \(total) inputs")
    }
}
#endif

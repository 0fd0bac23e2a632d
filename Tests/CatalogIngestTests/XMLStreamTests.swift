import CatalogCore
import CatalogIngest
import Foundation
import Testing

@Suite struct XMLStreamTests {
    /// Names are numbered by libxml2's interned pointer: the same name keeps its number, and
    /// the table holding them grows past its first size without mixing names up.
    @Test func eachElementNameKeepsOneNumber() throws {
        let names = (0..<300).map { "E\($0)" }
        let body = names.map { "<\($0)>x</\($0)><\($0)/>" }.joined()
        let xml = try XMLStream(DataByteSource(Data("<root>\(body)</root>".utf8)), root: "root")
        var numbers: [String: Int] = [:]
        var starts = 0
        while let event = try xml.next() {
            switch event {
            case .start(let name), .end(let name):
                if case .start = event { starts += 1 }
                if let known = numbers[name] {
                    #expect(known == xml.nameID, "\(name)")
                } else {
                    numbers[name] = xml.nameID
                }
            case .text:
                break
            }
        }
        #expect(starts == 601)
        #expect(Set(numbers.values).count == 301)
    }
}

import CatalogCore
import CatalogExperiments
import Foundation
import Testing

@Suite struct ConversionImportTests {
    @Test func readsAGA4ExplorationCSV() throws {
        let csv = """
            # ----------------------------------------
            # Free form 1
            # 20261101-20261102
            # ----------------------------------------
            Date,Item ID,catalogd_variant,Items viewed,Items added to cart,Items purchased,Item revenue
            20261101,A-1,catalogd-a,"1,200",40,12,598.80
            20261101,A-1,catalogd-b,1180,52,17,848.30
            20261101,A-1,(not set),300,2,1,49.90
            20261102,B-2,A,10,1,0,0
            ,Grand total,,2690,95,30,1497
            """
        let result = try ConversionImport.parse(Data(csv.utf8), format: .ga4CSV)
        #expect(result.rows == [
            ConversionRow(day: "2026-11-01", sku: "A-1", variant: "A", views: 1200, addToCarts: 40, purchases: 12, revenue: 598.80),
            ConversionRow(day: "2026-11-01", sku: "A-1", variant: "B", views: 1180, addToCarts: 52, purchases: 17, revenue: 848.30),
            ConversionRow(day: "2026-11-02", sku: "B-2", variant: "A", views: 10, addToCarts: 1, purchases: 0, revenue: 0),
        ])
        #expect(result.ignored == 2, "a size variant and the totals row are not catalogd's")
    }

    @Test func aggregatesBigQueryEventRows() throws {
        let jsonl = """
            {"event_date":"20261101","event_name":"view_item","items":[{"item_id":"A-1","item_variant":"catalogd-b"}]}
            {"event_date":"20261101","event_name":"view_item","items":[{"item_id":"A-1","item_params":[{"key":"catalogd_variant","value":{"string_value":"b"}}]}]}
            {"event_date":"20261101","event_name":"add_to_cart","items":[{"item_id":"A-1","item_variant":"catalogd-b","quantity":2}]}
            {"event_date":"20261101","event_name":"purchase","items":[{"item_id":"A-1","item_variant":"catalogd-b","quantity":1,"item_revenue":49.9}]}
            {"event_date":"20261101","event_name":"page_view"}
            """
        let result = try ConversionImport.parse(Data(jsonl.utf8), format: .ga4BigQuery)
        #expect(result.rows == [ConversionRow(day: "2026-11-01", sku: "A-1", variant: "B", views: 2, addToCarts: 2, purchases: 1, revenue: 49.9)])
    }

    @Test func badFilesSayWhereAndWhat() {
        #expect { try ConversionImport.parse(Data("date,sku,variant,views\n".utf8), format: .csv) } throws: { "\($0)".contains("no column named 'add_to_carts'") }
        #expect { try ConversionImport.parse(Data("date,sku,variant,views,add_to_carts,purchases,revenue\n2026-11-01,A-1,A,ten,0,0,0\n".utf8), format: .csv) } throws: {
            "\($0)" == "line 2: 'ten' in 'views' is not a count"
        }
        #expect { try ConversionImport.parse(Data("{\"event_date\": 1}\n".utf8), format: .ga4BigQuery) } throws: { "\($0).".contains("line 1: missing event_date") }
    }
}

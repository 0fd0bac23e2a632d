// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "catalogd",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "catalogd", targets: ["catalogd"]),
        .executable(name: "catalogctl", targets: ["catalogctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/GraphQLSwift/GraphQL", from: "4.3.0"),
    ],
    targets: [
        // Value types and ports. No I/O.
        .target(
            name: "CatalogCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CatalogStore",
            dependencies: ["CatalogCore", "CWriteback", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // Input as it arrives, shared by ingest and inventory: the inotify folder watcher, byte
        // sources (files, gzip), libxml2's streaming reader, the order-keeping JSON parser.
        .target(
            name: "CatalogParsing",
            dependencies: ["CatalogCore", "CZlib", "CLibXML2"],
            // The readers call into this module per XML event and per byte chunk. Without
            // cross-module optimisation a BMEcat import ran 8.7% slower than when XMLStream was
            // inside ingest (farm-bench, 3 pairs); with it, 3.8% (release builds only).
            swiftSettings: swiftSettings + [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]
        ),
        // Inventory feeds: parsing and polling.
        .target(
            name: "CatalogInventory",
            dependencies: [
                "CatalogCore", "CatalogParsing",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        // sd_notify (readiness, status, watchdog) and the native journal log handler.
        .target(
            name: "CatalogSystemd",
            dependencies: [
                "CatalogCore", "CSystemd",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CatalogIngest",
            dependencies: [
                "CatalogCore", "CatalogParsing",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // A/B experiments: the statistics, verdicts and conversion imports; no I/O.
        .target(name: "CatalogExperiments", dependencies: ["CatalogCore"], swiftSettings: swiftSettings),
        .target(
            name: "CatalogPipeline",
            dependencies: ["CatalogCore", "CLibXML2"],
            swiftSettings: swiftSettings
        ),
        // The HTTPTransport every adapter sends through, on AsyncHTTPClient.
        .target(
            name: "CatalogHTTP",
            dependencies: ["CatalogCore", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            swiftSettings: swiftSettings
        ),
        // GraphQL syntax and validation against a pinned schema: the Shopify contract test and
        // the Shopify fake both check documents with it.
        .target(name: "CatalogGraphQL", dependencies: ["CatalogCore", .product(name: "GraphQL", package: "GraphQL")], swiftSettings: swiftSettings),
        // Swagger 2.0 request checks: the Magento contract test and the Magento fake share it.
        .target(name: "CatalogOpenAPI", dependencies: ["CatalogCore"], swiftSettings: swiftSettings),
        .target(
            name: "CatalogMagento",
            dependencies: ["CatalogCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CatalogShopify",
            dependencies: ["CatalogCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CatalogPublishing",
            dependencies: [
                "CatalogCore", "CatalogStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The TOML configuration: schema, parsing, validation; the state folders and database it
        // names. What both executables read; no network, no server.
        .target(
            name: "CatalogConfiguration",
            dependencies: [
                "CatalogCore", "CatalogStore", "CatalogIngest", "CatalogInventory", "CatalogPipeline", "CatalogPublishing", "CatalogShopify", "CatalogMagento",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: swiftSettings
        ),
        // What catalogd reaches over HTTP as a client: the configured shops as targets, their
        // and the providers' reachability, shop lookups for exports and push previews.
        .target(
            name: "CatalogConnections",
            dependencies: ["CatalogCore", "CatalogConfiguration", "CatalogStore", "CatalogHTTP", "CatalogPublishing", "CatalogShopify", "CatalogMagento"],
            swiftSettings: swiftSettings
        ),
        // The generation worker: claims jobs, runs the pipeline, decides and stores; stock
        // reactions and the quality watch.
        .target(
            name: "CatalogGeneration",
            dependencies: [
                "CatalogCore", "CatalogStore", "CatalogPipeline", "CatalogInventory", "CatalogExperiments", "CatalogConfiguration",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The review desk: approve, reject, edit, assign, with the checks an edit must pass.
        .target(
            name: "CatalogReview",
            dependencies: ["CatalogCore", "CatalogStore", "CatalogIngest", "CatalogPipeline", "CatalogConfiguration", "CatalogGeneration", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // The admin port: /metrics, /healthz, /readyz and the review pages (Hummingbird).
        .target(
            name: "CatalogAdmin",
            dependencies: [
                "CatalogCore", "CatalogStore", "CatalogPipeline", "CatalogReview", "CatalogIngest", "CatalogSystemd",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // The composition root: the only module that knows every other one.
        .target(
            name: "CatalogDaemon",
            dependencies: [
                "CatalogCore", "CatalogStore", "CatalogIngest", "CatalogPipeline", "CatalogPublishing", "CatalogHTTP", "CatalogShopify", "CatalogMagento", "CatalogSystemd", "CatalogInventory", "CatalogExperiments",
                "CatalogConfiguration", "CatalogConnections", "CatalogGeneration", "CatalogReview", "CatalogAdmin",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "catalogd",
            dependencies: ["CatalogDaemon", "CatalogConfiguration", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "catalogctl",
            dependencies: [
                "CatalogConfiguration", "CatalogConnections", "CatalogReview", "CatalogStore", "CatalogCore", "CatalogIngest", "CatalogPublishing", "CatalogExperiments",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // Benchmarks: `swift run -c release catalog-bench ingest csv|jsonl|bmecat [PRODUCTS]`,
        // `catalog-bench pipeline [SKUS]`, `catalog-bench pipeline-llm [SKUS] [LOCALES]`,
        // `catalog-bench shopify [UPDATES] [SCALE]`, `catalog-bench magento [SKUS]`, `catalog-bench inventory [ROWS]`,
        // `catalog-bench end-to-end [SKUS] [SELL-OUTS]`, `catalog-bench claim [QUEUED...]`.
        .executableTarget(
            name: "catalog-bench",
            dependencies: ["CatalogCore", "CatalogParsing", "CatalogIngest", "CatalogStore", "CatalogPipeline", "CatalogHTTP", "CatalogShopify", "CatalogMagento", "CatalogInventory", "CatalogTestSupport",
                .product(name: "Logging", package: "swift-log"), .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // The readers under libFuzzer (Scripts/fuzz.sh builds it with --sanitize fuzzer); a
        // plain build replays a corpus instead.
        .executableTarget(
            name: "catalog-fuzz",
            dependencies: ["CatalogCore", "CatalogParsing", "CatalogIngest", "CatalogInventory", "CatalogShopify", "CatalogMagento", "CatalogPipeline"],
            swiftSettings: swiftSettings + [.unsafeFlags(["-parse-as-library"])]
        ),
        // posix_spawn's close-from file action, for child processes that inherit nothing.
        .target(name: "CSpawn"),
        // sync_file_range, for the store's write-ahead log.
        .target(name: "CWriteback"),
        .target(
            name: "CatalogTestSupport",
            dependencies: [
                "CSpawn", "CatalogCore", "CatalogStore", "CatalogPipeline", "CatalogGraphQL", "CatalogOpenAPI",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "CatalogCoreTests", dependencies: ["CatalogCore", "CatalogTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CatalogExperimentsTests", dependencies: ["CatalogExperiments", "CatalogTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CatalogStoreTests", dependencies: ["CatalogStore", "CatalogTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CatalogParsingTests", dependencies: ["CatalogParsing", "CatalogTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CatalogIngestTests", dependencies: ["CatalogIngest", "CatalogParsing", "CatalogTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CatalogPipelineTests", dependencies: ["CatalogPipeline", "CatalogHTTP", "CatalogTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CatalogInventoryTests", dependencies: ["CatalogInventory", "CatalogStore", "CatalogHTTP", "CatalogTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CatalogSystemdTests", dependencies: ["CatalogSystemd", "CatalogTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CatalogMagentoTests", dependencies: ["CatalogMagento", "CatalogOpenAPI", "CatalogHTTP", "CatalogTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CatalogShopifyTests", dependencies: ["CatalogShopify", "CatalogGraphQL", "CatalogHTTP", "CatalogTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CatalogPublishingTests", dependencies: ["CatalogPublishing", "CatalogStore", "CatalogTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CatalogConfigurationTests", dependencies: ["CatalogConfiguration", "CatalogHTTP", "CatalogIngest", "CatalogInventory", "CatalogPipeline", "CatalogPublishing", "CatalogTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "CatalogAdminTests",
            dependencies: [
                "CatalogAdmin", "CatalogReview", "CatalogConfiguration", "CatalogStore", "CatalogSystemd", "CatalogPipeline", "CatalogTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "CatalogReviewTests", dependencies: ["CatalogReview", "CatalogAdmin", "CatalogConfiguration", "CatalogStore", "CatalogTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CatalogGenerationTests", dependencies: ["CatalogGeneration", "CatalogConfiguration", "CatalogExperiments", "CatalogStore", "CatalogTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "IntegrationTests", dependencies: ["CatalogStore", "CatalogCore", "CatalogIngest", "CatalogHTTP", "CatalogDaemon", "CatalogConfiguration", "CatalogTestSupport"], swiftSettings: swiftSettings),
    ]
)

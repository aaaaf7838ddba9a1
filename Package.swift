// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "cartagena",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "cartagena", targets: ["cartagena"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        // libical, the iCalendar engine (Debian: libical-dev). Only ICalendar imports it.
        .systemLibrary(
            name: "CLibical",
            pkgConfig: "libical",
            providers: [.apt(["libical-dev"])]
        ),
        // libqrencode, QR codes for badges (Debian: libqrencode-dev). Only Agenda's QRCode imports it.
        .systemLibrary(
            name: "CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        // Diagnostics: one type for every finding, rendered as text or JSON.
        .target(name: "Diagnostics", swiftSettings: strict),
        // Civil (wall-clock) dates and times, instants, and the time-zone rules protocol.
        .target(name: "CivilTime", swiftSettings: strict),
        // The only module that touches libical pointers.
        .target(
            name: "ICalendar",
            dependencies: ["CLibical", "CivilTime", "Diagnostics"],
            swiftSettings: strict
        ),
        // The domain: programme, venues, rooms, activities, sessions, people, registrations.
        .target(
            name: "Planner",
            dependencies: ["Diagnostics", "CivilTime", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // Registration lists: the streaming CSV reader, header aliases, each row's own checks (row-local findings).
        .target(
            name: "Registrations",
            dependencies: ["Planner", "Diagnostics", "CivilTime", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // Every rule, once: programme checks and the registrant rules across rows (duplicates, seats,
        // quotas, heads of delegation, overlaps across rows) applied to the rows Registrations reads.
        .target(
            name: "Checks",
            dependencies: ["Planner", "Registrations", "Diagnostics", "CivilTime"],
            swiftSettings: strict
        ),
        // Planner -> ICalendar: feeds out, outside calendars in.
        .target(
            name: "Feeds",
            dependencies: [
                "Planner", "ICalendar", "CivilTime", "Diagnostics", "Registrations", "Checks",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // Planner -> view models -> Mustache templates.
        .target(
            name: "Agenda",
            dependencies: [
                "Planner", "CivilTime", "Diagnostics", "Registrations", "CQRencode",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // glibc calls Swift's Glibc module does not export (`renameat2`, `malloc_trim`).
        .target(name: "CSystemShim"),
        // Publishing: the run of `feeds` (gate, staging, public and private folders, ledger).
        .target(
            name: "Publishing",
            dependencies: [
                "Feeds", "Checks", "Planner", "Registrations", "Diagnostics", "CivilTime", "ICalendar", "CSystemShim",
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strict
        ),
        // Registration lists read from files (CSV in 1 MiB chunks, on two cores when large) and
        // Excel workbooks (.xlsx) read as CSV text for Registrations: ZIPFoundation and XMLParser,
        // in a module of their own so that only the CLI links them (their C modules must not reach
        // the modules that use POSIX structs).
        .target(
            name: "Workbooks",
            dependencies: ["Registrations", "Checks", "Planner", "Diagnostics", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "cartagena",
            dependencies: [
                "Planner", "Feeds", "Agenda", "ICalendar", "Diagnostics", "CivilTime", "Registrations", "Publishing", "Checks", "Workbooks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "TestSupport",
            dependencies: ["Diagnostics"],
            path: "Tests/TestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "ICalendarTests",
            dependencies: ["ICalendar", "CivilTime", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PlannerTests",
            dependencies: ["Planner", "Checks", "ICalendar", "Feeds", "CivilTime", "Diagnostics", "TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FeedsTests",
            dependencies: ["Feeds", "Planner", "ICalendar", "CivilTime", "Diagnostics", "TestSupport", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Golden"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RegistrationsTests",
            dependencies: ["Registrations", "Checks", "Workbooks", "Planner", "ICalendar", "Diagnostics", "TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ChecksTests",
            dependencies: ["Planner", "Checks", "Feeds", "ICalendar", "Registrations", "CivilTime", "Diagnostics", "TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AgendaTests",
            dependencies: ["Agenda", "Planner", "ICalendar", "Registrations", "Checks", "Workbooks", "CivilTime", "TestSupport"],
            exclude: ["Golden"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PublishingTests",
            dependencies: [
                "Publishing", "Feeds", "Planner", "Registrations", "Checks", "Diagnostics", "CivilTime", "ICalendar", "TestSupport",
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
    ]
)

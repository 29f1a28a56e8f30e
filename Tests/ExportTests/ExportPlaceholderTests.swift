import XCTest
@testable import Export

import XCTest
@testable import Collectives

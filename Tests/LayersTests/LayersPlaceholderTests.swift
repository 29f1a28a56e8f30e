import XCTest
@testable import Layers

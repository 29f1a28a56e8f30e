import XCTest
@testable import Optimizers

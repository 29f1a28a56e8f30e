import XCTest
@testable import Featurizer

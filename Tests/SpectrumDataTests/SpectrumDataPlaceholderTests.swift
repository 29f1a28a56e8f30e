import XCTest
@testable import SpectrumData

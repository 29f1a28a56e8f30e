import XCTest
@testable import ClusterJobs

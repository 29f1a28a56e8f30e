print("bench-layers: not built yet")

# FundLedger CLI image: builds in the Swift image, runs on slim Debian with libpq.
FROM swift:6.3-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY Plugins ./Plugins
COPY Benchmarks ./Benchmarks
RUN swift build -c release --product fundledger --static-swift-stdlib

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/.build/release/fundledger /usr/local/bin/fundledger
# The migrations are built into the binary; no FUNDLEDGER_SCHEMA_DIR needed.
ENTRYPOINT ["fundledger"]
CMD ["--help"]

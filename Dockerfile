# Agora's container image: a static binary on an empty base, running as a
# non-root user, with its data under /data (mount a volume there).
#
#   docker build -t agora . && docker run -p 3000:3000 -v agora-data:/data agora

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# CGO_ENABLED=0: the embedded store's SQLite is pure Go, so the binary is
# static. timetzdata embeds the time zone database for activities' zones.
RUN CGO_ENABLED=0 go build -trimpath -tags timetzdata -ldflags='-s -w' -o /out/agora ./app \
 && mkdir -p /out/data \
 && mkdir -m 1777 /out/tmp \
 && echo 'agora:x:10001:10001:Agora:/data:/sbin/nologin' > /out/passwd \
 && echo 'agora:x:10001:' > /out/group

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/passwd /etc/passwd
COPY --from=build /out/group /etc/group
COPY --from=build /out/tmp /tmp
COPY --from=build --chown=10001:10001 /out/data /data
COPY --from=build /out/agora /agora
USER 10001:10001
ENV ADDR=0.0.0.0:3000 \
    DATA_DIR=/data
EXPOSE 3000
VOLUME ["/data"]
ENTRYPOINT ["/agora"]

// Command gongkai is the whole platform in one binary; see internal/cli.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"gongkai/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(cli.Main(cli.Env{Args: os.Args[1:], Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Ctx: ctx}))
}

// Command control-plane is one binary holding a Kubernetes control plane for tests and the local
// stack: the first argument names the component, the rest are that component's own flags.
//
//	control-plane etcd ...                     etcd's server (etcdmain)
//	control-plane kube-apiserver ...           the API server
//	control-plane kube-controller-manager ...  the controller manager
//	control-plane kube-scheduler ...           the scheduler
//	control-plane node ...                     an ordinary node that runs the pods bound to it (node.go)
//	control-plane kubectl ...                  kubectl of the same release
//	control-plane pki --dir D ...              a CA and the certificates and keys of a local control plane (pki.go)
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"go.etcd.io/etcd/server/v3/etcdmain"
	"k8s.io/component-base/cli"
	"k8s.io/component-base/version"
	kubectl "k8s.io/kubectl/pkg/cmd"
	kubectlutil "k8s.io/kubectl/pkg/cmd/util"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: control-plane etcd|kube-apiserver|kube-controller-manager|kube-scheduler|node|kubectl|pki|version [flags]")
		os.Exit(2)
	}
	component, args := os.Args[1], os.Args[2:]
	exitWithParent()
	switch component {
	case "etcd":
		etcdmain.Main(append([]string{"etcd"}, args...))
	case "kube-apiserver":
		runCobra(apiserver.NewAPIServerCommand(), args)
	case "kube-controller-manager":
		runCobra(controllermanager.NewControllerManagerCommand(), args)
	case "kube-scheduler":
		runCobra(scheduler.NewSchedulerCommand(), args)
	case "node":
		os.Exit(runNode(args))
	case "kubectl":
		command := kubectl.NewDefaultKubectlCommand()
		command.SetArgs(args)
		if err := cli.RunNoErrOutput(command); err != nil {
			kubectlutil.CheckErr(err)
		}
	case "pki":
		os.Exit(runPki(args))
	case "version":
		printVersion()
	default:
		fmt.Fprintf(os.Stderr, "control-plane: unknown component %q\n", component)
		os.Exit(2)
	}
}

// runCobra runs a component's command with its flags, as the component's own main does.
func runCobra(cmd *cobra.Command, args []string) {
	cmd.SetArgs(args)
	os.Exit(cli.Run(cmd))
}

// printVersion prints the Kubernetes release this binary was built from (stamped by the build).
func printVersion() {
	fmt.Println(version.Get().GitVersion)
}

// exitWithParent ends this process when the process named by VNODE_PARENT_PID is no longer its
// parent: a launcher killed with SIGKILL leaves no control plane behind.
func exitWithParent() {
	want, err := strconv.Atoi(os.Getenv("VNODE_PARENT_PID"))
	if err != nil {
		return
	}
	go func() {
		for range time.Tick(500 * time.Millisecond) {
			if os.Getppid() != want {
				fmt.Fprintf(os.Stderr, "control-plane: parent %d is gone; exiting\n", want)
				os.Exit(1)
			}
		}
	}()
}

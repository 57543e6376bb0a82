package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/component-base/version"
	"k8s.io/utils/ptr"
)

// runNode keeps one ordinary (non-virtual) node: it registers the Node with the given capacity, keeps
// it Ready by renewing its Lease, and "runs" every pod the scheduler binds to it: the pod is marked
// Running with an IP and running containers, and a pod being deleted is removed at once. No container
// is started; this is the part of a kubelet the control plane can see, as KWOK gives it.
func runNode(args []string) int {
	fs := flag.NewFlagSet("node", flag.ContinueOnError)
	kubeconfig := fs.String("kubeconfig", "", "kubeconfig of the node's identity")
	name := fs.String("name", "worker-1", "node name")
	cpu := fs.String("cpu", "6", "cpu capacity")
	memory := fs.String("memory", "16Gi", "memory capacity")
	pods := fs.String("pods", "110", "pod capacity")
	labels := fs.String("labels", "", "extra node labels, k=v,k=v")
	podCIDR := fs.Int("pod-subnet", 10, "pods get 10.<pod-subnet>.x.y")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	config, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		fmt.Fprintln(os.Stderr, "node:", err)
		return 1
	}
	config.UserAgent = "vnode-test-node/" + *name
	client, err := kubernetes.NewForConfig(config)
	if err != nil {
		fmt.Fprintln(os.Stderr, "node:", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	n := &node{client: client, name: *name, subnet: *podCIDR, ips: map[types.UID]string{}}
	capacity := corev1.ResourceList{
		corev1.ResourceCPU:    resource.MustParse(*cpu),
		corev1.ResourceMemory: resource.MustParse(*memory),
		corev1.ResourcePods:   resource.MustParse(*pods),
	}
	extra := map[string]string{}
	for _, kv := range strings.Split(*labels, ",") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			extra[k] = v
		}
	}
	if err := n.register(ctx, capacity, extra); err != nil {
		fmt.Fprintln(os.Stderr, "node: register:", err)
		return 1
	}
	go n.heartbeat(ctx)

	factory := informers.NewSharedInformerFactoryWithOptions(client, 0, informers.WithTweakListOptions(func(o *metav1.ListOptions) {
		o.FieldSelector = fields.OneTermEqualSelector("spec.nodeName", *name).String()
	}))
	podInformer := factory.Core().V1().Pods().Informer()
	work := make(chan *corev1.Pod, 1024)
	handle := func(obj any) {
		if pod, ok := obj.(*corev1.Pod); ok {
			work <- pod
		}
	}
	podInformer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    handle,
		UpdateFunc: func(_, obj any) { handle(obj) },
	})
	factory.Start(ctx.Done())
	fmt.Printf("node %s ready (cpu %s, memory %s, pods %s)\n", *name, *cpu, *memory, *pods)
	for {
		select {
		case <-ctx.Done():
			return 0
		case pod := <-work:
			n.sync(ctx, pod)
		}
	}
}

type node struct {
	client kubernetes.Interface
	name   string
	subnet int
	mu     sync.Mutex
	ips    map[types.UID]string
	next   int
}

func (n *node) register(ctx context.Context, capacity corev1.ResourceList, extra map[string]string) error {
	labels := map[string]string{
		"kubernetes.io/hostname": n.name,
		"kubernetes.io/os":       "linux",
		"kubernetes.io/arch":     "amd64",
		"type":                   "worker",
	}
	for k, v := range extra {
		labels[k] = v
	}
	want := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: n.name, Labels: labels}}
	created, err := n.client.CoreV1().Nodes().Create(ctx, want, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		created, err = n.client.CoreV1().Nodes().Get(ctx, n.name, metav1.GetOptions{})
	}
	if err != nil {
		return err
	}
	created.Status = corev1.NodeStatus{
		Capacity:    capacity,
		Allocatable: capacity,
		Phase:       corev1.NodeRunning,
		Addresses: []corev1.NodeAddress{
			{Type: corev1.NodeInternalIP, Address: "127.0.0.1"},
			{Type: corev1.NodeHostName, Address: n.name},
		},
		NodeInfo: corev1.NodeSystemInfo{
			KubeletVersion:          version.Get().GitVersion,
			OperatingSystem:         "linux",
			Architecture:            "amd64",
			ContainerRuntimeVersion: "fake://0",
			OSImage:                 "vnode test node",
		},
		Conditions: n.conditions(),
	}
	_, err = n.client.CoreV1().Nodes().UpdateStatus(ctx, created, metav1.UpdateOptions{})
	return err
}

func (n *node) conditions() []corev1.NodeCondition {
	now := metav1.Now()
	c := func(t corev1.NodeConditionType, s corev1.ConditionStatus, reason string) corev1.NodeCondition {
		return corev1.NodeCondition{Type: t, Status: s, Reason: reason, LastHeartbeatTime: now, LastTransitionTime: now}
	}
	return []corev1.NodeCondition{
		c(corev1.NodeReady, corev1.ConditionTrue, "KubeletReady"),
		c(corev1.NodeMemoryPressure, corev1.ConditionFalse, "KubeletHasSufficientMemory"),
		c(corev1.NodeDiskPressure, corev1.ConditionFalse, "KubeletHasNoDiskPressure"),
		c(corev1.NodePIDPressure, corev1.ConditionFalse, "KubeletHasSufficientPID"),
		c(corev1.NodeNetworkUnavailable, corev1.ConditionFalse, "RouteCreated"),
	}
}

// heartbeat renews the node's Lease every 10 s and its Ready condition every minute, as a kubelet does.
func (n *node) heartbeat(ctx context.Context) {
	leases := n.client.CoordinationV1().Leases(corev1.NamespaceNodeLease)
	tick := time.NewTicker(10 * time.Second)
	defer tick.Stop()
	lastStatus := time.Now()
	for {
		now := metav1.NewMicroTime(time.Now())
		lease, err := leases.Get(ctx, n.name, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			_, err = leases.Create(ctx, &coordinationv1.Lease{
				ObjectMeta: metav1.ObjectMeta{Name: n.name},
				Spec:       coordinationv1.LeaseSpec{HolderIdentity: ptr.To(n.name), LeaseDurationSeconds: ptr.To[int32](40), RenewTime: &now},
			}, metav1.CreateOptions{})
		} else if err == nil {
			lease.Spec.RenewTime = &now
			_, err = leases.Update(ctx, lease, metav1.UpdateOptions{})
		}
		if err != nil && ctx.Err() == nil {
			fmt.Fprintln(os.Stderr, "node: lease:", err)
		}
		if time.Since(lastStatus) > time.Minute {
			if current, err := n.client.CoreV1().Nodes().Get(ctx, n.name, metav1.GetOptions{}); err == nil {
				current.Status.Conditions = n.conditions()
				if _, err := n.client.CoreV1().Nodes().UpdateStatus(ctx, current, metav1.UpdateOptions{}); err == nil {
					lastStatus = time.Now()
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// sync brings one pod to what a kubelet would report: Running with its containers started, or gone
// once it is being deleted.
func (n *node) sync(ctx context.Context, pod *corev1.Pod) {
	if pod.DeletionTimestamp != nil {
		err := n.client.CoreV1().Pods(pod.Namespace).Delete(ctx, pod.Name, metav1.DeleteOptions{
			GracePeriodSeconds: ptr.To[int64](0),
			Preconditions:      &metav1.Preconditions{UID: &pod.UID},
		})
		if err != nil && !apierrors.IsNotFound(err) && !apierrors.IsConflict(err) {
			fmt.Fprintln(os.Stderr, "node: delete", pod.Namespace+"/"+pod.Name+":", err)
		}
		n.mu.Lock()
		delete(n.ips, pod.UID)
		n.mu.Unlock()
		return
	}
	if pod.Status.Phase == corev1.PodRunning || pod.Status.Phase == corev1.PodSucceeded || pod.Status.Phase == corev1.PodFailed {
		return
	}
	now := metav1.Now()
	status := pod.DeepCopy()
	status.Status.Phase = corev1.PodRunning
	status.Status.HostIP = "127.0.0.1"
	status.Status.HostIPs = []corev1.HostIP{{IP: "127.0.0.1"}}
	ip := n.ipOf(pod.UID)
	status.Status.PodIP = ip
	status.Status.PodIPs = []corev1.PodIP{{IP: ip}}
	status.Status.StartTime = &now
	status.Status.Conditions = nil
	for _, t := range []corev1.PodConditionType{corev1.PodReadyToStartContainers, corev1.PodInitialized, corev1.PodReady, corev1.ContainersReady, corev1.PodScheduled} {
		status.Status.Conditions = append(status.Status.Conditions, corev1.PodCondition{Type: t, Status: corev1.ConditionTrue, LastTransitionTime: now})
	}
	status.Status.ContainerStatuses = nil
	for _, c := range pod.Spec.Containers {
		status.Status.ContainerStatuses = append(status.Status.ContainerStatuses, corev1.ContainerStatus{
			Name:        c.Name,
			Image:       c.Image,
			ImageID:     "fake://" + c.Image,
			ContainerID: "fake://" + string(pod.UID) + "/" + c.Name,
			Ready:       true,
			Started:     ptr.To(true),
			State:       corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: now}},
		})
	}
	if _, err := n.client.CoreV1().Pods(pod.Namespace).UpdateStatus(ctx, status, metav1.UpdateOptions{}); err != nil &&
		!apierrors.IsNotFound(err) && !apierrors.IsConflict(err) {
		fmt.Fprintln(os.Stderr, "node: status of", pod.Namespace+"/"+pod.Name+":", err)
	}
}

func (n *node) ipOf(uid types.UID) string {
	n.mu.Lock()
	defer n.mu.Unlock()
	if ip, ok := n.ips[uid]; ok {
		return ip
	}
	n.next++
	ip := fmt.Sprintf("10.%d.%d.%d", n.subnet, n.next/250%250, n.next%250+1)
	n.ips[uid] = ip
	return ip
}
